"""`tf.compat.v1.layers`: TF 1.x's layers, creating their variables through variable scopes.

Each layer owns one variable scope, chosen the first time it is called (or at construction,
for the functions that pass `name` as the scope), exactly as TF's legacy layers do: the first
unnamed dense layer gets "dense/", the next "dense_1/", ops go into the scope's original name
scope, and a built layer re-enters its scope with reuse=True.

Differs from TF: layers are plain objects, not Keras layers (no Keras model/serialization
machinery); batch_normalization has no renorm, virtual_batch_size or adjustment, and its
fused (4-D) path is composed of ordinary ops (same values, including the Bessel-corrected
moving variance TF's FusedBatchNorm feeds its moving average); regularization losses are
added by get_variable under "<var>/Regularizer/" rather than by Keras's loss tracking.
"""
import numbers
import re
import weakref

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.collections import get_collection_ref
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.scopes import name_scope_v2
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import shape_util
from tensorlite.variables import initializers as _initializers
from tensorlite.variables import variable_scope as _vs

__all__ = ["Layer", "Dense", "Dropout", "Flatten", "Conv2D", "Conv2DTranspose",
           "MaxPooling2D", "AveragePooling2D", "BatchNormalization", "dense", "dropout",
           "flatten", "conv2d", "conv2d_transpose", "max_pooling2d", "average_pooling2d",
           "batch_normalization", "Convolution2D", "Convolution2DTranspose", "Deconvolution2D",
           "MaxPool2D", "AvgPool2D", "Deconv2D", "Conv1D", "SeparableConv2D", "MaxPooling1D",
           "AveragePooling1D", "conv1d", "separable_conv2d", "max_pooling1d",
           "average_pooling1d", "Convolution1D", "SeparableConvolution2D", "MaxPool1D",
           "AvgPool1D"]


def _tf():
    import tensorlite
    return tensorlite


def _to_snake_case(name):
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


# Keras names layer objects per graph ("dense", "dense_1", ...); the variable scope is chosen
# separately, by variable_scope's own uniquification.
_object_names = weakref.WeakKeyDictionary()


def _unique_object_name(base_name):
    counts = _object_names.setdefault(_context.get_default_graph(), {})
    count = counts.get(base_name, 0)
    counts[base_name] = count + 1
    return f"{base_name}_{count}" if count else base_name


def _as_tuple(value, n, name):
    """Keras's normalize_tuple: an int or n ints."""
    if isinstance(value, numbers.Integral):
        return (int(value),) * n
    try:
        values = tuple(value)
    except TypeError:
        raise TypeError(f"The `{name}` argument must be a tuple of {n} integers. "
                        f"Received: {value}") from None
    if len(values) != n or not all(isinstance(v, numbers.Integral) for v in values):
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. "
                         f"Received: {value}")
    return tuple(int(v) for v in values)


def _padding(padding):
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError("The `padding` argument must be a list/tuple or one of \"valid\", "
                         f"\"same\" (or \"causal\", only for `Conv1D). Received: {padding}")
    return padding


def _data_format(data_format):
    data_format = "channels_last" if data_format is None else str(data_format).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError("The `data_format` argument must be one of \"channels_first\", "
                         f"\"channels_last\". Received: {data_format}")
    return data_format


def _initializer(value):
    """Initializer instances and classes pass through; strings name TF's initializers."""
    if value is None or callable(value) and not isinstance(value, type):
        return value
    if isinstance(value, type):
        return value()
    names = {"glorot_uniform": _initializers.GlorotUniform,
             "glorot_normal": _initializers.GlorotNormal, "zeros": _initializers.Zeros,
             "ones": _initializers.Ones, "orthogonal": _initializers.Orthogonal,
             "random_normal": _initializers.RandomNormal,
             "random_uniform": _initializers.RandomUniform,
             "truncated_normal": _initializers.TruncatedNormal}
    if isinstance(value, str) and value in names:
        return names[value]()
    raise ValueError(f"Could not interpret initializer identifier: {value}")


def _static_bool(training):
    """True/False when `training` is known now, else None (a tensor decided at run time)."""
    if isinstance(training, (bool, int)) and not isinstance(training, Tensor):
        return bool(training)
    value = shape_util.constant_value(convert_to_tensor(training))
    return None if value is None else bool(value)


def _smart_cond(training, true_fn, false_fn):
    static = _static_bool(training)
    if static is None:
        return _tf().cond(training, true_fn, false_fn)
    return true_fn() if static else false_fn()


class Layer:
    """Base of the v1 layers: variable-scope ownership, weights, updates and losses."""

    def __init__(self, trainable=True, name=None, dtype=None, _scope=None, _reuse=None,
                 **kwargs):
        unknown = set(kwargs) - {"input_shape", "batch_input_shape", "batch_size", "autocast",
                                 "activity_regularizer", "dynamic"}
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)[0]}")
        self.trainable = trainable
        self.built = False
        self._dtype = None if dtype is None else _dtypes.as_dtype(dtype)
        self._reuse = _reuse
        self._activity_regularizer = kwargs.get("activity_regularizer")
        self._base_name = name or _to_snake_case(type(self).__name__)
        self._name = name or _unique_object_name(self._base_name)
        self._trainable_weights, self._non_trainable_weights = [], []
        self._updates, self._losses = [], []
        self._current_scope = None
        self._scope = None
        if _scope:
            with _vs.variable_scope(_scope) as captured:
                self._scope = captured

    name = property(lambda self: self._name)
    dtype = property(lambda self: None if self._dtype is None else self._dtype.name)
    trainable_weights = trainable_variables = property(
        lambda self: list(self._trainable_weights) if self.trainable else [])
    non_trainable_weights = non_trainable_variables = property(
        lambda self: list(self._non_trainable_weights) if self.trainable else
        self._trainable_weights + self._non_trainable_weights)
    weights = variables = property(
        lambda self: self.trainable_weights + self.non_trainable_weights)
    updates = property(lambda self: list(self._updates))
    losses = property(lambda self: list(self._losses))

    @property
    def scope_name(self):
        if not self._scope:
            raise ValueError(f'No name available for layer scope because the layer '
                             f'"{self._name}" has not been used yet. The scope name  is '
                             "determined the first time the layer instance is called. You "
                             "must therefore call the layer before querying `scope_name`.")
        return self._scope.name

    def _set_scope(self, scope=None):
        if self._scope is None:
            if self._reuse:
                with _vs.variable_scope(scope if scope is not None else self._base_name) \
                        as captured:
                    self._scope = captured
            else:
                with _vs.variable_scope(scope, default_name=self._base_name) as captured:
                    self._scope = captured

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None,
                   trainable=None, constraint=None, partitioner=None,
                   synchronization=_vs.VariableSynchronization.AUTO,
                   aggregation=_vs.VariableAggregation.NONE, **kwargs):
        """get_variable(name) inside this layer's scope; tracked as (non-)trainable."""
        if synchronization == _vs.VariableSynchronization.ON_READ:
            if trainable:
                raise ValueError(
                    "Synchronization value can be set to VariableSynchronization.ON_READ only "
                    "for non-trainable variables. You have specified trainable=True and "
                    "synchronization=VariableSynchronization.ON_READ.")
            trainable = False
        elif trainable is None:
            trainable = True
        self._set_scope(None)
        dtype = _dtypes.as_dtype(dtype or self._dtype or _dtypes.float32)
        with _vs.variable_scope(self._scope, reuse=self.built or self._reuse,
                                auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with name_scope_v2(scope.original_name_scope):
                variable = _vs.get_variable(
                    name, shape=shape, dtype=dtype, initializer=initializer,
                    regularizer=regularizer, trainable=trainable and self.trainable,
                    constraint=constraint, partitioner=partitioner,
                    synchronization=synchronization, aggregation=aggregation)
        if trainable:
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        return variable

    def add_update(self, updates):
        """Graph mode: remember `updates` for UPDATE_OPS (eagerly they already ran)."""
        if not _context.executing_eagerly():
            self._updates.extend(updates if isinstance(updates, (list, tuple)) else [updates])

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def apply(self, *args, **kwargs):
        return self(*args, **kwargs)

    def __call__(self, inputs, *args, **kwargs):
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        with _vs.variable_scope(self._scope, reuse=True if self.built else self._reuse,
                                auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with name_scope_v2(scope.original_name_scope):
                if not isinstance(inputs, Tensor):
                    inputs = convert_to_tensor(inputs, dtype=self._dtype)
                if self._dtype is None:
                    self._dtype = inputs.dtype.base_dtype
                if not self.built:
                    self.build(inputs.shape)
                    self.built = True
                outputs = self.call(inputs, *args, **kwargs)
                if self._activity_regularizer is not None:
                    self._add_activity_loss(outputs)
        if not _context.executing_eagerly():
            self._add_to_collection(self._updates, GraphKeys.UPDATE_OPS)
        return outputs

    def _add_activity_loss(self, outputs):
        tf = _tf()
        with name_scope_v2("ActivityRegularizer"):
            loss = self._activity_regularizer(outputs)
            batch = tf.cast(tf.shape(outputs)[0], loss.dtype)
            loss = tf.math.divide(loss, batch)
        self._losses.append(loss)
        if not _context.executing_eagerly():
            self._add_to_collection([loss], GraphKeys.REGULARIZATION_LOSSES)

    @staticmethod
    def _add_to_collection(elements, key):
        collection = get_collection_ref(key)
        present = {id(element) for element in collection}
        collection.extend(element for element in elements if id(element) not in present)


def _last_dim(input_shape, axis, what):
    shape = TensorShape(input_shape)
    if shape.rank is None or shape[axis] is None:
        raise ValueError(f"The {what} dimension of the inputs should be defined. Found None. "
                         f"Full input shape received: {shape}")
    return int(shape[axis])


def _add_kernel_and_bias(layer, kernel_shape, bias_size):
    """Dense and Conv2D weights: `kernel`, and `bias` when use_bias, each from the layer's
    own *_initializer / *_regularizer / *_constraint arguments."""
    layer.kernel = layer.add_weight("kernel", shape=kernel_shape,
                                    initializer=layer.kernel_initializer,
                                    regularizer=layer.kernel_regularizer,
                                    constraint=layer.kernel_constraint)
    if layer.use_bias:
        layer.bias = layer.add_weight("bias", shape=[bias_size],
                                      initializer=layer.bias_initializer,
                                      regularizer=layer.bias_regularizer,
                                      constraint=layer.bias_constraint)


class Dense(Layer):
    """Densely-connected layer: activation(inputs @ kernel + bias)."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_initializers.Zeros(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        if self.units <= 0:
            raise ValueError("Received an invalid value for `units`, expected a positive "
                             f"integer. Received: units={units}")
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = _initializer(kernel_initializer)
        self.bias_initializer = _initializer(bias_initializer)
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel = self.bias = None

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        if shape.rank is not None and shape.rank < 2:
            raise ValueError(f"Input 0 of layer \"{self._name}\" is incompatible with the "
                             f"layer: expected min_ndim=2, found ndim={shape.rank}. Full shape "
                             f"received: {shape}")
        if shape.rank is None or shape[-1] is None:
            raise ValueError("The last dimension of the inputs to a Dense layer should be "
                             f"defined. Found None. Full input shape received: {shape}")
        _add_kernel_and_bias(self, [int(shape[-1]), self.units], self.units)
        self.built = True

    def call(self, inputs):
        tf = _tf()
        rank = inputs.shape.rank
        if rank == 2:
            outputs = tf.linalg.matmul(inputs, self.kernel)
        else:
            outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
            if not _context.executing_eagerly():
                outputs.set_shape(inputs.shape[:-1].concatenate([self.units]))
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)


class Dropout(Layer):
    """Randomly zeroes a fraction `rate` of the inputs while training."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if isinstance(rate, (int, float)) and not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for `rate`, expected a value between 0 "
                             f"and 1, got: {rate}")
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=False):
        tf = _tf()
        if isinstance(self.rate, (int, float)) and not self.rate:
            return tf.identity(inputs)
        return _smart_cond(
            training,
            lambda: tf.nn.dropout(inputs, rate=self.rate, noise_shape=self.noise_shape,
                                  seed=self.seed),
            lambda: tf.identity(inputs))


class Flatten(Layer):
    """Flattens all but the first (batch) axis."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)

    def call(self, inputs):
        tf = _tf()
        rank = inputs.shape.rank
        if self.data_format == "channels_first" and rank and rank > 1:
            inputs = tf.transpose(inputs, perm=[0, *range(2, rank), 1])
        if rank == 1:
            return tf.expand_dims(inputs, axis=1)
        shape = inputs.shape
        if rank is not None and shape[1:].is_fully_defined():
            size = 1
            for dim in shape[1:].as_list():
                size *= dim
            return tf.reshape(inputs, tf.constant([-1, size]))
        if rank is not None and shape[0] is not None:
            return tf.reshape(inputs, tf.constant([int(shape[0]), -1]))
        return tf.reshape(inputs, [tf.shape(inputs)[0], -1])


class Conv2D(Layer):
    """2-D convolution: activation(conv2d(inputs, kernel) + bias)."""

    _transpose = False
    _rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer=None, bias_initializer=_initializers.Zeros(),
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.filters = int(filters)
        if self.filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly "
                             f"positive value. Received filters={filters}.")
        self.kernel_size = _as_tuple(kernel_size, self._rank, "kernel_size")
        self.strides = _as_tuple(strides, self._rank, "strides")
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self.dilation_rate = _as_tuple(dilation_rate, self._rank, "dilation_rate")
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = _initializer(kernel_initializer)
        self.bias_initializer = _initializer(bias_initializer)
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel = self.bias = None

    @property
    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    @property
    def _nn_format(self):
        return "NCHW" if self.data_format == "channels_first" else "NHWC"

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        _check_ndim(self, shape, self._rank + 2)
        channels = _last_dim(shape, self._channel_axis, "channel")
        pair = [self.filters, channels] if self._transpose else [channels, self.filters]
        _add_kernel_and_bias(self, [*self.kernel_size, *pair], self.filters)
        self.built = True

    def _strides4(self, values):
        return [1, 1, *values] if self.data_format == "channels_first" else [1, *values, 1]

    def _convolve(self, inputs):
        return _tf().nn.conv2d(inputs, self.kernel, strides=self._strides4(self.strides),
                               padding=self.padding.upper(), data_format=self._nn_format,
                               dilations=self._strides4(self.dilation_rate))

    def call(self, inputs):
        outputs = self._convolve(inputs)
        if self.use_bias:
            outputs = _tf().nn.bias_add(outputs, self.bias, data_format=self._nn_format)
        return outputs if self.activation is None else self.activation(outputs)


def _check_ndim(layer, shape, ndim):
    if shape.rank is not None and shape.rank != ndim:
        raise ValueError(f"Input 0 of layer \"{layer._name}\" is incompatible with the "
                         f"layer: expected ndim={ndim}, found ndim={shape.rank}. Full shape "
                         f"received: {shape}")


def _channels_last(inputs, data_format, function):
    """function(inputs) on NWC data; channels_first inputs are transposed in and out
    (tensorlite's 1-D convolution and pooling kernels take NWC only)."""
    if data_format != "channels_first":
        return function(inputs)
    tf = _tf()
    return tf.transpose(function(tf.transpose(inputs, [0, 2, 1])), [0, 2, 1])


class Conv1D(Conv2D):
    """1-D convolution: activation(conv1d(inputs, kernel) + bias); kernel [w, in, filters].

    Differs from TF: inputs must have rank 3 (TF also takes extra leading batch dimensions).
    """

    _rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer=None, bias_initializer=_initializers.Zeros(),
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate,
                         activation, use_bias, kernel_initializer, bias_initializer,
                         kernel_regularizer, bias_regularizer, activity_regularizer,
                         kernel_constraint, bias_constraint, trainable, name, **kwargs)

    def _convolve(self, inputs):
        return _channels_last(inputs, self.data_format, lambda x: _tf().nn.conv1d(
            x, self.kernel, stride=list(self.strides), padding=self.padding.upper(),
            dilations=list(self.dilation_rate)))

    def call(self, inputs):
        outputs = self._convolve(inputs)
        if self.use_bias:
            outputs = _tf().nn.bias_add(outputs, self.bias, data_format=(
                "NCW" if self.data_format == "channels_first" else "NWC"))
        return outputs if self.activation is None else self.activation(outputs)


class SeparableConv2D(Conv2D):
    """Depthwise then pointwise 2-D convolution: weights depthwise_kernel
    [kh, kw, in, depth_multiplier], pointwise_kernel [1, 1, in * depth_multiplier, filters]
    and bias [filters]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                 activation=None, use_bias=True, depthwise_initializer=None,
                 pointwise_initializer=None, bias_initializer=_initializers.Zeros(),
                 depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate,
                         activation, use_bias, None, bias_initializer, None, bias_regularizer,
                         activity_regularizer, None, bias_constraint, trainable, name,
                         **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = _initializer(depthwise_initializer)
        self.pointwise_initializer = _initializer(pointwise_initializer)
        self.depthwise_regularizer = depthwise_regularizer
        self.pointwise_regularizer = pointwise_regularizer
        self.depthwise_constraint, self.pointwise_constraint = (depthwise_constraint,
                                                                pointwise_constraint)
        self.depthwise_kernel = self.pointwise_kernel = None

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        _check_ndim(self, shape, 4)
        channels = _last_dim(shape, self._channel_axis, "channel")
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", shape=[*self.kernel_size, channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", shape=[1, 1, channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.filters],
                                        initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        self.built = True

    def _convolve(self, inputs):
        return _tf().compat.v1.nn.separable_conv2d(
            inputs, self.depthwise_kernel, self.pointwise_kernel,
            strides=self._strides4(self.strides), padding=self.padding.upper(),
            rate=self.dilation_rate, data_format=self._nn_format)


def _deconv_length(length, kernel, padding, stride, dilation):
    """Keras's deconv_output_length (no output_padding)."""
    if length is None:
        return None
    kernel = kernel + (kernel - 1) * (dilation - 1)
    if padding == "valid":
        return length * stride + max(kernel - stride, 0)
    return length * stride


class Conv2DTranspose(Conv2D):
    """Transposed 2-D convolution ("deconvolution"); kernel shape [kh, kw, filters, in]."""

    _transpose = True

    def _convolve(self, inputs):
        tf = _tf()
        h_axis, w_axis = (2, 3) if self.data_format == "channels_first" else (1, 2)
        dynamic = tf.shape(inputs)
        sizes = []
        for axis, k, s, d in zip((h_axis, w_axis), self.kernel_size, self.strides,
                                 self.dilation_rate):
            static = inputs.shape[axis] if inputs.shape.rank is not None else None
            if static is not None:
                sizes.append(_deconv_length(int(static), k, self.padding, s, d))
            else:
                kernel = k + (k - 1) * (d - 1)
                extra = max(kernel - s, 0) if self.padding == "valid" else 0
                sizes.append(dynamic[axis] * s + extra)
        if self.data_format == "channels_first":
            output_shape = [dynamic[0], self.filters, *sizes]
        else:
            output_shape = [dynamic[0], *sizes, self.filters]
        outputs = tf.nn.conv2d_transpose(
            inputs, self.kernel, tf.stack(output_shape), strides=self._strides4(self.strides),
            padding=self.padding.upper(), data_format=self._nn_format,
            dilations=self._strides4(self.dilation_rate))
        if not _context.executing_eagerly():
            static_sizes = [size if isinstance(size, int) else None for size in sizes]
            batch = inputs.shape[0] if inputs.shape.rank is not None else None
            outputs.set_shape([batch, self.filters, *static_sizes]
                              if self.data_format == "channels_first"
                              else [batch, *static_sizes, self.filters])
        return outputs


class _Pooling2D(Layer):
    _pool = None

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = _as_tuple(pool_size, 2, "pool_size")
        self.strides = self.pool_size if strides is None else \
            _as_tuple(strides, 2, "strides")
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)

    def call(self, inputs):
        if self.data_format == "channels_first":
            ksize, strides, fmt = [1, 1, *self.pool_size], [1, 1, *self.strides], "NCHW"
        else:
            ksize, strides, fmt = [1, *self.pool_size, 1], [1, *self.strides, 1], "NHWC"
        # Keras pools with the v1 functions: ops "MaxPool" / "AvgPool".
        return getattr(_tf().compat.v1.nn, self._pool)(inputs, ksize=ksize, strides=strides,
                                                       padding=self.padding.upper(),
                                                       data_format=fmt)


class MaxPooling2D(_Pooling2D):
    """Max pooling over 2-D windows."""
    _pool = "max_pool"


class AveragePooling2D(_Pooling2D):
    """Average pooling over 2-D windows."""
    _pool = "avg_pool"


class _Pooling1D(_Pooling2D):
    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(_as_tuple(pool_size, 1, "pool_size") * 2,
                         None if strides is None else _as_tuple(strides, 1, "strides") * 2,
                         padding, data_format, name, **kwargs)
        self.pool_size, self.strides = self.pool_size[:1], self.strides[:1]

    def call(self, inputs):
        pool = getattr(_tf().nn, self._pool)
        return _channels_last(inputs, self.data_format, lambda x: pool(
            x, ksize=list(self.pool_size), strides=list(self.strides),
            padding=self.padding.upper()))


class MaxPooling1D(_Pooling1D):
    """Max pooling over 1-D windows."""
    _pool = "max_pool1d"


class AveragePooling1D(_Pooling1D):
    """Average pooling over 1-D windows."""
    _pool = "avg_pool1d"


class BatchNormalization(Layer):
    """Batch normalization with moving statistics updated through UPDATE_OPS.

    Differs from TF: no renorm, virtual_batch_size or adjustment (they raise
    NotImplementedError); `fused` only selects how the moving variance is estimated.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=_initializers.Zeros(), gamma_initializer=_initializers.Ones(),
                 moving_mean_initializer=_initializers.Zeros(),
                 moving_variance_initializer=_initializers.Ones(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, fused=None,
                 trainable=True, virtual_batch_size=None, adjustment=None, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("tensorlite's batch_normalization does not support "
                                      "renorm, virtual_batch_size or adjustment")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.momentum, self.epsilon = momentum, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer = _initializer(beta_initializer)
        self.gamma_initializer = _initializer(gamma_initializer)
        self.moving_mean_initializer = _initializer(moving_mean_initializer)
        self.moving_variance_initializer = _initializer(moving_variance_initializer)
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint
        self.fused = fused
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        rank = shape.rank
        if rank is None:
            raise ValueError(f"Input has undefined rank. Received: input_shape={shape}.")
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for axis in axes:
            if not -rank <= axis < rank:
                raise ValueError(f"Invalid axis: {axis}")
        self._axes = sorted({axis % rank for axis in axes})
        if len(self._axes) != len(axes):
            raise ValueError(f"Duplicate axis: {tuple(axes)}")
        # TF1's BatchNormalization (V1 behaviour) takes the fused kernel whenever it can:
        # 4-D inputs normalized over axis 1 or 3 (and never raises when it cannot).
        self.fused = self.fused is not False and rank == 4 and self._axes in ([1], [3])
        for axis in self._axes:
            if shape[axis] is None:
                raise ValueError(f"Axis {axis} of input tensor should have a defined "
                                 f"dimension but the layer received an input with shape "
                                 f"{shape}.")
        param_shape = [int(shape[axis]) for axis in self._axes]
        if len(param_shape) == 1:
            param_shape = param_shape[0:1]
        param_dtype = _dtypes.float32 if self._dtype is _dtypes.float16 else self._dtype
        if self.scale:
            self.gamma = self.add_weight("gamma", shape=param_shape, dtype=param_dtype,
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", shape=param_shape, dtype=param_dtype,
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        on_read = _vs.VariableSynchronization.ON_READ
        mean_aggregation = _vs.VariableAggregation.MEAN
        self.moving_mean = self.add_weight(
            "moving_mean", shape=param_shape, dtype=param_dtype,
            initializer=self.moving_mean_initializer, trainable=False,
            synchronization=on_read, aggregation=mean_aggregation)
        self.moving_variance = self.add_weight(
            "moving_variance", shape=param_shape, dtype=param_dtype,
            initializer=self.moving_variance_initializer, trainable=False,
            synchronization=on_read, aggregation=mean_aggregation)
        self.built = True

    def _assign_moving_average(self, variable, value, decay):
        tf = _tf()
        with name_scope_v2("AssignMovingAvg"):
            if not isinstance(decay, Tensor):
                decay = tf.constant(decay, dtype=variable.dtype, name="decay")
            delta = (variable - tf.cast(value, variable.dtype)) * tf.cast(decay, variable.dtype)
            return variable.assign_sub(delta, read_value=False)

    def call(self, inputs, training=False):
        tf = _tf()
        rank = inputs.shape.rank
        reduction_axes = [i for i in range(rank) if i not in self._axes]
        broadcast = None
        if self._axes != [rank - 1]:
            broadcast = [1] * rank
            for axis in self._axes:
                broadcast[axis] = int(inputs.shape[axis])

        def reshaped(value):
            if value is None or broadcast is None:
                return value
            return tf.reshape(value, broadcast)

        static = _static_bool(training)
        moving_mean, moving_variance = self.moving_mean, self.moving_variance
        if static is False:
            mean, variance = moving_mean, moving_variance
        else:
            compute_dtype = tf.float32 if inputs.dtype is tf.float16 else inputs.dtype
            batch_mean, batch_variance = tf.nn.moments(tf.cast(inputs, compute_dtype),
                                                       reduction_axes)
            if static is None:
                mean = tf.cond(training, lambda: batch_mean,
                               lambda: tf.convert_to_tensor(moving_mean))
                variance = tf.cond(training, lambda: batch_variance,
                                   lambda: tf.convert_to_tensor(moving_variance))
                decay = tf.cond(training, lambda: tf.constant(1.0 - self.momentum),
                                lambda: tf.constant(0.0))
            else:
                mean, variance = batch_mean, batch_variance
                decay = 1.0 - self.momentum
            update_variance = batch_variance
            if self.fused:
                # TF's FusedBatchNorm hands the moving average the unbiased (n / (n - 1))
                # batch variance; the non-fused path uses the biased one.
                count = tf.cast(tf.size(inputs), compute_dtype) / tf.cast(
                    tf.size(batch_variance), compute_dtype)
                update_variance = batch_variance * count / (count - 1.0)
            self.add_update([self._assign_moving_average(moving_mean, batch_mean, decay),
                             self._assign_moving_average(moving_variance, update_variance,
                                                         decay)])
        epsilon = max(self.epsilon, 1.001e-5) if self.fused else self.epsilon
        outputs = tf.nn.batch_normalization(
            tf.cast(inputs, mean.dtype), reshaped(mean), reshaped(variance),
            reshaped(self.beta), reshaped(self.gamma), epsilon)
        return tf.cast(outputs, inputs.dtype)


Convolution2D = Conv2D
Convolution2DTranspose = Deconvolution2D = Deconv2D = Conv2DTranspose
MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D
Convolution1D = Conv1D
SeparableConvolution2D = SeparableConv2D
MaxPool1D = MaxPooling1D
AvgPool1D = AveragePooling1D


# ---------------------------------------------------------------------- functional forms
# As in TF, functions that create variables pass `name` as the layer's scope (so a second
# call with the same name and no reuse fails with "already exists"); the others only use it
# as the default name of a fresh, uniquified scope.

def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=_initializers.Zeros(), kernel_regularizer=None,
          bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None, trainable=True, name=None, reuse=None):
    """Functional interface for the densely-connected layer."""
    return Dense(units, activation=activation, use_bias=use_bias,
                 kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                 kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                 activity_regularizer=activity_regularizer,
                 kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                 trainable=trainable, name=name, _scope=name, _reuse=reuse)(inputs)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Functional interface for dropout: identity unless `training`."""
    return Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)(inputs,
                                                                        training=training)


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens an input tensor while preserving the batch axis (axis 0)."""
    return Flatten(name=name, data_format=data_format)(inputs)


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1), activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=_initializers.Zeros(),
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """Functional interface for the 2D convolution layer."""
    return Conv2D(filters, kernel_size, strides=strides, padding=padding,
                  data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                  use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                  trainable=trainable, name=name, _scope=name, _reuse=reuse)(inputs)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", activation=None, use_bias=True,
                     kernel_initializer=None, bias_initializer=_initializers.Zeros(),
                     kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                     reuse=None):
    """Functional interface for transposed 2D convolution layer."""
    return Conv2DTranspose(
        filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
        activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        trainable=trainable, name=name, _scope=name, _reuse=reuse)(inputs)


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid",
           data_format="channels_last", dilation_rate=1, activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=_initializers.Zeros(),
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """Functional interface for 1D convolution layer (e.g. temporal convolution)."""
    return Conv1D(filters, kernel_size, strides=strides, padding=padding,
                  data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                  use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                  trainable=trainable, name=name, _scope=name, _reuse=reuse)(inputs)


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                     activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=_initializers.Zeros(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """Functional interface for the depthwise separable 2D convolution layer."""
    return SeparableConv2D(
        filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
        dilation_rate=dilation_rate, depth_multiplier=depth_multiplier, activation=activation,
        use_bias=use_bias, depthwise_initializer=depthwise_initializer,
        pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
        depthwise_regularizer=depthwise_regularizer,
        pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer, depthwise_constraint=depthwise_constraint,
        pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint,
        trainable=trainable, name=name, _scope=name, _reuse=reuse)(inputs)


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """Max Pooling layer for 1D inputs."""
    return MaxPooling1D(pool_size=pool_size, strides=strides, padding=padding,
                        data_format=data_format, name=name)(inputs)


def average_pooling1d(inputs, pool_size, strides, padding="valid",
                      data_format="channels_last", name=None):
    """Average Pooling layer for 1D inputs."""
    return AveragePooling1D(pool_size=pool_size, strides=strides, padding=padding,
                            data_format=data_format, name=name)(inputs)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """Max pooling layer for 2D inputs (e.g. images)."""
    return MaxPooling2D(pool_size=pool_size, strides=strides, padding=padding,
                        data_format=data_format, name=name)(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid",
                      data_format="channels_last", name=None):
    """Average pooling layer for 2D inputs (e.g. images)."""
    return AveragePooling2D(pool_size=pool_size, strides=strides, padding=padding,
                            data_format=data_format, name=name)(inputs)


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=_initializers.Zeros(),
                        gamma_initializer=_initializers.Ones(),
                        moving_mean_initializer=_initializers.Zeros(),
                        moving_variance_initializer=_initializers.Ones(),
                        beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                        gamma_constraint=None, training=False, trainable=True, name=None,
                        reuse=None, renorm=False, renorm_clipping=None, renorm_momentum=0.99,
                        fused=None, virtual_batch_size=None, adjustment=None):
    """Functional interface for the batch normalization layer.

    In graph mode the moving-statistics updates go to UPDATE_OPS: run them (or make the
    train op depend on them), as in TF.
    """
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
        beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
        renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
        trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
        name=name, _reuse=reuse, _scope=name)
    return layer(inputs, training=training)
