"""TF1 optimizers (`tf.compat.v1.train.*Optimizer`): the training ops and the Optimizer API.

Each update is one op of TF's type (`ResourceApplyAdam`, `ResourceSparseApplyMomentum`, ...)
whose kernel applies TF's formula to the variable and its slots in NumPy, so a step costs
one kernel per variable. Slots are variables made through `get_variable` under the
variable scope `<var>/<Optimizer>` opened with a default name, which is how TF ends up
naming them `w/Adam`, `w/Adam_1`, ... (the second slot of one optimizer is uniquified).
"""
import weakref

import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import eager as _eager
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.indexed_slices import IndexedSlices
from tensorlite.framework.init_scope import init_scope
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import control_dependencies, name_scope
from tensorlite.framework.tensor import EagerTensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import control_flow_ops, math_ops, shape_util

_state = _context.state

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer",
           "RMSPropOptimizer", "AdagradOptimizer", "AdadeltaOptimizer", "FtrlOptimizer"]


# ---------------------------------------------------------------------- training ops

def _store(handle, value, like):
    # Results are fresh arrays: freeze them in place instead of copying (the update is
    # the hot path of every training step).
    if type(value) is not np.ndarray or value.dtype != like.dtype:
        value = np.asarray(value, dtype=like.dtype)
    if value is like:
        value = value.copy()
    value.flags.writeable = False
    handle.set(value)


def _sgd(var, alpha, delta):
    step = np.multiply(delta, alpha)    # (one dtype: the kernel's inputs are bound to T)
    if type(step) is not np.ndarray or step.shape != var.shape:
        return (var - step,)
    # One temporary: the scaled gradient becomes the new value.
    return (np.subtract(var, step, out=step),)


def _momentum(var, accum, lr, grad, momentum, use_nesterov=False):
    accum = accum * momentum + grad
    if use_nesterov:
        return var - (grad * lr + accum * (momentum * lr)), accum
    return var - lr * accum, accum


def _adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
          use_nesterov=False):
    lr_t = lr * np.sqrt(1 - beta2_power) / (1 - beta1_power)
    m = m + (grad - m) * (1 - beta1)
    v = v + (grad * grad - v) * (1 - beta2)
    step = (m * beta1 + grad * (1 - beta1)) if use_nesterov else m
    return var - step * lr_t / (np.sqrt(v) + epsilon), m, v


def _rmsprop(var, ms, mom, lr, rho, momentum, epsilon, grad):
    ms = ms + (grad * grad - ms) * (1 - rho)
    mom = mom * momentum + lr * grad / np.sqrt(ms + epsilon)
    return var - mom, ms, mom


def _centered_rmsprop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad):
    ms = ms + (grad * grad - ms) * (1 - rho)
    mg = mg + (grad - mg) * (1 - rho)
    mom = mom * momentum + lr * grad / np.sqrt(ms - mg * mg + epsilon)
    return var - mom, mg, ms, mom


def _adagrad(var, accum, lr, grad, update_slots=True):
    if update_slots:
        accum = accum + grad * grad
    return var - lr * grad / np.sqrt(accum), accum


def _adadelta(var, accum, accum_update, lr, rho, epsilon, grad):
    accum = accum * rho + grad * grad * (1 - rho)
    update = np.sqrt(accum_update + epsilon) / np.sqrt(accum + epsilon) * grad
    accum_update = accum_update * rho + update * update * (1 - rho)
    return var - update * lr, accum, accum_update


def _ftrl(var, accum, linear, grad, lr, l1, l2, lr_power):
    new_accum = accum + grad * grad
    if lr_power == -0.5:
        sigma = (np.sqrt(new_accum) - np.sqrt(accum)) / lr
    else:
        sigma = (new_accum ** -lr_power - accum ** -lr_power) / lr
    linear = linear + grad - sigma * var
    quadratic = (np.sqrt(new_accum) if lr_power == -0.5 else new_accum ** -lr_power) / lr \
        + 2 * l2
    var = np.where(np.abs(linear) > l1, (np.clip(linear, -l1, l1) - linear) / quadratic, 0)
    return var, new_accum, linear


def _check_dense_arguments(names, num_resources, values, args):
    """TF's kernel checks: slots and the gradient have the variable's shape, the
    hyperparameters are scalars (the kernels would otherwise broadcast silently)."""
    shape = values[0].shape
    for name, value in zip(names[1:num_resources], values[1:]):
        if value.shape != shape:
            raise errors.InvalidArgumentError(
                None, None, f"var and {name} do not have the same shape"
                f"{shape_util.dims_text(shape)} {shape_util.dims_text(value.shape)}")
    for name, value in zip(names[num_resources:], args):
        value_shape = np.shape(value)
        if name in ("grad", "delta"):
            if value_shape != shape:
                raise errors.InvalidArgumentError(
                    None, None, f"var and {name} do not have the same shape"
                    f"{shape_util.dims_text(shape)} {shape_util.dims_text(value_shape)}")
        elif value_shape:
            raise errors.InvalidArgumentError(
                None, None, f"{name} is not a scalar: {shape_util.dims_text(value_shape)}")


def _dense_kernel(update, names, num_resources, flag_names):
    if names == ("var", "alpha", "delta"):
        def sgd_kernel(handle, alpha, delta, **attrs):     # (plain SGD: the hot case)
            old = handle.get()
            if type(delta) is np.ndarray and delta.shape == old.shape and old.shape and \
                    not getattr(alpha, "ndim", 0):
                # _sgd inlined: the scaled gradient becomes the new value (one temporary).
                new = np.multiply(delta, alpha)
                np.subtract(old, new, out=new)
                new.flags.writeable = False
                handle.set(new)
                return
            _check_dense_arguments(names, 1, [old], (alpha, delta))
            _store(handle, update(old, alpha, delta)[0], old)
        return sgd_kernel

    def kernel(*args, **attrs):
        handles = args[:num_resources]
        values = [h.get() for h in handles]
        _check_dense_arguments(names, num_resources, values, args[num_resources:])
        flags = {k: attrs[k] for k in flag_names if k in attrs} if flag_names else {}
        for handle, new, old in zip(handles, update(*values, *args[num_resources:], **flags),
                                    values):
            _store(handle, new, old)
    return kernel


def _check_sparse_arguments(names, num_resources, values, rest, grad, indices):
    """TF's checks of a sparse update: `_check_dense_arguments` for the slots and the
    hyperparameters, and gradient rows that match the variable's rows and the indices."""
    _check_dense_arguments(names, num_resources, values, rest)
    var_shape, grad_shape = values[0].shape, np.shape(grad)
    if not var_shape:
        raise errors.InvalidArgumentError(None, None, "var must be at least 1 dimensional")
    if np.ndim(indices) != 1:
        raise errors.InvalidArgumentError(None, None, "indices must be one-dimensional")
    if len(grad_shape) != len(var_shape):
        raise errors.InvalidArgumentError(
            None, None, "var and grad must have the same number of dimensions"
            f"{shape_util.dims_text(var_shape)} {shape_util.dims_text(grad_shape)}")
    for d in range(1, len(var_shape)):
        if var_shape[d] != grad_shape[d]:
            raise errors.InvalidArgumentError(None, None,
                                              f"var and grad must match in dimension {d}")
    if grad_shape[0] != np.shape(indices)[0]:
        raise errors.InvalidArgumentError(
            None, None, "grad must be the same size as indices in the first dimension.")


def _sparse_kernel(update, names, num_resources, grad_position):
    # The gradient's name stands for the shape check `_check_sparse_arguments` makes itself.
    hyper_names = tuple(n for n in names[num_resources:] if n != "grad")

    def kernel(*args, **attrs):
        handles = args[:num_resources]
        rest = list(args[num_resources:])
        at = grad_position - num_resources
        grad, indices = rest[at], rest.pop(at + 1)
        values = [h.get() for h in handles]
        _check_sparse_arguments(names[:num_resources] + hyper_names, num_resources, values,
                                rest[:at] + rest[at + 1:], grad, indices)
        rows = values[0].shape[0]
        indices = np.asarray(indices).reshape(-1)
        bad = (indices < 0) | (indices >= rows)
        if np.any(bad):
            index = int(np.argmax(bad))
            raise errors.InvalidArgumentError(
                None, None, f"Index {int(indices[index])} at offset {index} in indices is "
                f"out of range")
        # Duplicate indices add up first, as TF's _apply_sparse_duplicate_indices does.
        unique, inverse = np.unique(indices, return_inverse=True)
        summed = np.zeros((len(unique),) + grad.shape[1:], grad.dtype)
        np.add.at(summed, inverse.reshape(-1), grad)
        rest[at] = summed
        flags = {k: v for k, v in attrs.items() if k in ("use_nesterov", "update_slots")}
        parts = update(*[value[unique] for value in values], *rest, **flags)
        for handle, part, old in zip(handles, parts, values):
            new = np.array(old)
            new[unique] = part
            _store(handle, new, old)
    return kernel


def _variable_shape(tensor):
    """A training op's variable input's static shape: a reference variable's own, or the
    shape its VarHandleOp declares (TF's handle data); unknown otherwise."""
    if tensor.dtype is not _dtypes.resource:
        return tensor.shape
    op = getattr(tensor, "op", None)
    if op is not None and op.type == "VarHandleOp":
        return TensorShape(op.get_attr("shape"))
    return TensorShape(None)


def _dense_training_shape(names, num_resources):
    """TF's shape function of Apply*/ResourceApply*: slots and the gradient merge with the
    variable's shape, hyperparameters are scalars (errors at graph construction)."""
    def shape(inputs, attrs):
        var_shape = _variable_shape(inputs[0])
        for position, (name, tensor) in enumerate(zip(names[1:], inputs[1:]), start=1):
            if position < num_resources:
                var_shape = shape_util.merge_shapes(var_shape, _variable_shape(tensor))
            elif name in ("grad", "delta"):
                var_shape = shape_util.merge_shapes(var_shape, tensor.shape)
            elif tensor.shape.rank not in (None, 0):
                raise ValueError(f"Shape must be rank 0 but is rank {tensor.shape.rank}")
        return []
    return shape


_NO_ATTRS = {}
_FLOATS = tuple(getattr(_dtypes, n) for n in ("float16", "bfloat16", "float32", "float64")
                if hasattr(_dtypes, n))
TRAINING_OPS = {}


def _register_training_op(name, update, inputs, num_resources, sparse=True, flags=None):
    """Register ResourceApply<name>, Apply<name> (TF1 reference variables) and, with
    `sparse`, their Sparse forms. The kernels are shared: both kinds of variable storage
    have get/set."""
    _register_training_ops("Resource", "resource", name, update, inputs, num_resources,
                           sparse, flags)
    _register_training_ops("", "?", name, update, inputs, num_resources, sparse, flags)


def _register_training_ops(prefix, variable_spec, name, update, inputs, num_resources, sparse,
                           flags):
    specs = tuple(f"{n}: {variable_spec}" for n in inputs[:num_resources]) + \
        tuple(f"{n}: T" for n in inputs[num_resources:])
    defaults = {"use_locking": False, **(flags or {})}
    dense_type = prefix + "Apply" + name
    TRAINING_OPS[dense_type] = register(OpDef(
        dense_type, _dense_kernel(update, inputs, num_resources, tuple(flags or ())),
        _dense_training_shape(inputs, num_resources),
        inputs=specs, outputs=(),
        type_attrs={"T": _FLOATS}, stateful=True, default_attrs=defaults))
    not_differentiable(dense_type)
    if sparse:
        at = inputs.index("grad")
        sparse_type = prefix + "SparseApply" + name
        TRAINING_OPS[sparse_type] = register(OpDef(
            sparse_type, _sparse_kernel(update, inputs, num_resources, at), None,
            inputs=specs[:at + 1] + ("indices: Tindices",) + specs[at + 1:], outputs=(),
            type_attrs={"T": _FLOATS, "Tindices": (_dtypes.int32, _dtypes.int64)},
            stateful=True, default_attrs=defaults))
        not_differentiable(sparse_type)


_register_training_op("GradientDescent", _sgd, ("var", "alpha", "delta"), 1, sparse=False)
_register_training_op("Momentum", _momentum, ("var", "accum", "lr", "grad", "momentum"), 2,
                      flags={"use_nesterov": False})
_register_training_op("Adam", _adam, ("var", "m", "v", "beta1_power", "beta2_power", "lr",
                                      "beta1", "beta2", "epsilon", "grad"), 3, sparse=False,
                      flags={"use_nesterov": False})
_register_training_op("RMSProp", _rmsprop, ("var", "ms", "mom", "lr", "rho", "momentum",
                                            "epsilon", "grad"), 3)
_register_training_op("CenteredRMSProp", _centered_rmsprop,
                      ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"), 4)
_register_training_op("Adagrad", _adagrad, ("var", "accum", "lr", "grad"), 2,
                      flags={"update_slots": True})
_register_training_op("Adadelta", _adadelta, ("var", "accum", "accum_update", "lr", "rho",
                                              "epsilon", "grad"), 3)
_register_training_op("Ftrl", _ftrl, ("var", "accum", "linear", "grad", "lr", "l1", "l2",
                                      "lr_power"), 3)


def _training_op(op_type, variables, scalars, attrs=_NO_ATTRS, name=None):
    """Run one training op on the variables' handles and tensor arguments."""
    first = variables[0]
    handle = first.handle
    if type(handle) is EagerTensor and not _state.stack and _context.eager_by_default():
        # Eagerly, arguments that are already tensors of the variable's dtype go straight
        # to the kernel (the update of every variable in every step: no dispatch).
        dtype = first._dtype
        values = [tensor._value for tensor in scalars
                  if type(tensor) is EagerTensor and tensor._dtype is dtype]
        if len(values) == len(scalars):
            opdef = TRAINING_OPS[op_type]
            try:
                if len(variables) == 1:
                    return opdef.kernel(handle._value, *values, **attrs)
                return opdef.kernel(*[v.handle._value for v in variables], *values, **attrs)
            except Exception as e:
                raise _eager.runtime_error(opdef, [v.handle for v in variables] + list(scalars),
                                           e) from None
    handles = tuple([v.handle for v in variables])
    if handles[0].dtype._is_ref_dtype:   # TF1 reference variables: Apply*, not Resource*
        op_type = op_type[len("Resource"):]
    # Variable arguments (Adam's beta powers) are read inside the op's name scope, as TF's
    # op wrappers convert their inputs ("ResourceApplyAdam/ReadVariableOp").
    with name_scope(name or op_type, skip_on_eager=False) as scope:
        scalars = [s.value() if _is_variable(s) else s for s in scalars]
        return apply(TRAINING_OPS[op_type], handles + tuple(scalars),
                     {"use_locking": False, **attrs}, name=scope or op_type)


# ---------------------------------------------------------------------- slots

def _is_variable(value):
    global _Variable
    if _Variable is None:     # (variables import the training ops: resolved on first use)
        from tensorlite.variables.variables import Variable as _Variable
    return isinstance(value, _Variable)


_Variable = None


def _var_key(var):
    # Graph variables are identified by graph and name (as in TF); eager ones by identity.
    if getattr(var, "_in_graph_mode", False):
        return (id(var.graph), var.op.name)
    return id(var)


def _create_slot(primary, initializer, op_name, shape, dtype, validate_shape=True):
    """A slot variable `<primary>/<op_name>[_N]` under the current variable scope."""
    from tensorlite.variables import variable_scope as vs
    if _is_variable(primary):
        prefix = primary.name[:-2] if primary.name.endswith(":0") else primary.name
    else:
        prefix = primary.op.name   # a tensor's slot is named after its op, as in TF
    scope = vs.get_variable_scope()
    # Slots of a partitioned variable's parts are never partitioned again (as in TF).
    partitioner = scope.partitioner
    scope.set_partitioner(None)
    try:
        with vs.variable_scope(None, prefix + "/" + op_name):
            slot = vs.get_variable("", shape=shape, dtype=dtype, initializer=initializer,
                                   trainable=False, use_resource=True,
                                   validate_shape=validate_shape)
    finally:
        scope.set_partitioner(partitioner)
    info = getattr(primary, "_save_slice_info", None)
    if info is not None:
        # The slot of part `w/part_0` saves as a slice of `w/<slot name>`, as in TF.
        import copy
        slot_info = copy.copy(info)
        slot_info.full_name = info.full_name + "/" + slot.name[len(prefix) + 1:-2]
        slot._save_slice_info = slot_info
    return slot


def create_slot(primary, initial_value, op_name):
    """TF's slot_creator.create_slot: a slot initialized to the tensor `initial_value`
    (its shape checked only where fully known)."""
    return _create_slot(primary, initial_value, op_name, None,
                        initial_value.dtype.base_dtype,
                        validate_shape=initial_value.shape.is_fully_defined())


def current_value(var):
    """The variable's value once initialized, else its initial value (TF's way of sizing
    slots and averages before the variable is initialized)."""
    from tensorlite.ops import control_flow
    return control_flow.cond(var.is_initialized(), var.read_value, lambda: var.initial_value)


def create_filled_slot(primary, value, op_name, dtype=None, ones_initializer=False):
    """A slot of `primary`'s shape filled with `value` (TF's create_zeros_slot for 0;
    `ones_initializer`: RMSProp's, whose constant TF names `Initializer/ones`).

    When the shape is only partly known the initial value is a tensor of the primary's
    run-time shape, as TF's slot_creator builds it."""
    from tensorlite.variables.initializers import Constant, Ones, Zeros
    dtype = (dtype or primary.dtype).base_dtype
    if primary.shape.is_fully_defined():
        initializer = Zeros() if value == 0 else Ones() if ones_initializer and value == 1 \
            else Constant(value)
        return _create_slot(primary, initializer, op_name, primary.shape, dtype)
    from tensorlite.ops import array_manip, array_ops
    shape = array_ops.shape(current_value(primary) if _is_variable(primary) else primary)
    return create_slot(primary, array_manip.fill(shape, convert_to_tensor(value, dtype=dtype)),
                       op_name)


# ---------------------------------------------------------------------- Optimizer

_VALID_DTYPES = "[tf.float32, tf.float64, tf.float16, tf.bfloat16]"


class Optimizer:
    """`tf.compat.v1.train.Optimizer`: compute_gradients, apply_gradients, minimize, slots."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}
        self._non_slot_dict = {}
        # Eager variables whose slots exist (id -> weak reference): later steps skip the
        # init_scope that slot creation needs.
        self._slots_ready = {}
        self._eager_constants = {}    # (Python number, dtype) -> its eager tensor

    def get_name(self):
        return self._name

    # ------------------------------------------------------------------ gradients
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """compute_gradients then apply_gradients; `loss` is a callable when eager."""
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        if not any(g is not None for g, _ in grads_and_vars):
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do "
                "not support gradients, between variables %s and loss %s." %
                ([str(v) for _, v in grads_and_vars], loss))
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """[(gradient, variable)]: tf.gradients in graphs, a GradientTape for callables."""
        from tensorlite.framework import nest
        if callable(loss):
            from tensorlite.autodiff.tape import GradientTape
            with GradientTape() as tape:
                if var_list is not None:
                    tape.watch(var_list)
                loss_value = loss()
            if var_list is None:
                var_list = tape.watched_variables()
            var_list = list(nest.flatten(var_list))
            grads = tape.gradient(loss_value, var_list, grad_loss)
            return list(zip(grads, var_list))
        if _context.executing_eagerly():
            raise RuntimeError("`loss` passed to Optimizer.compute_gradients should be a "
                               "function when eager execution is enabled.")
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP,
                                  Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, "
                             "Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not %s" %
                             gate_gradients)
        loss = convert_to_tensor(loss)
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([convert_to_tensor(grad_loss)])
        graph = _context.get_default_graph()
        if var_list is None:
            var_list = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES) + \
                graph.get_collection(GraphKeys.TRAINABLE_RESOURCE_VARIABLES)
        else:
            var_list = list(nest.flatten(var_list))
        if not var_list:
            raise ValueError("No variables to optimize.")
        from tensorlite.autodiff.gradients import gradients
        # Differentiate with respect to the handles, as TF's processors' target() does.
        targets = [v.handle if _is_variable(v) else v for v in var_list]
        grads = gradients(loss, targets, grad_ys=grad_loss,
                          gate_gradients=gate_gradients == Optimizer.GATE_OP,
                          aggregation_method=aggregation_method)
        if gate_gradients == Optimizer.GATE_GRAPH:
            grads = control_flow_ops.tuple(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def _assert_valid_dtypes(self, tensors):
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in _FLOATS:
                raise ValueError(f"Invalid type {dtype!r} for {t.name}, expected: "
                                 f"{_VALID_DTYPES}.")

    # ------------------------------------------------------------------ applying
    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Apply the gradients; the train op in graphs (also bumping `global_step`)."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        eager = _context.executing_eagerly()
        converted = []
        for g, v in grads_and_vars:
            if g is not None and not (eager and type(g) is EagerTensor) and \
                    not isinstance(g, IndexedSlices):
                try:
                    g = convert_to_tensor(g)
                except (TypeError, ValueError):
                    raise TypeError("Gradient must be convertible to a Tensor or "
                                    "IndexedSlices, or None: %s" % (g,)) from None
            if not _is_variable(v):
                raise TypeError(f"Trying to update a Tensor {v}")
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: %s." %
                             ([str(v) for _, v in converted],))
        if not self._have_slots(var_list):
            with init_scope():
                self._create_slots(var_list)
            self._note_slots(var_list)
        update_ops = []
        with name_scope(name, self._name, skip_on_eager=False) as scope:
            self._prepare()
            for grad, var in converted:
                if grad is None:
                    continue
                if eager:     # the per-variable scope names nothing eagerly
                    update_ops.append(self._resource_apply_dense(grad, var)
                                      if type(grad) is EagerTensor else
                                      self._apply_one(grad, var))
                    continue
                scope_name = var.op.name if var._in_graph_mode else ""
                with name_scope("update_" + scope_name, skip_on_eager=False):
                    update_ops.append(self._apply_one(grad, var))
            if global_step is None:
                apply_updates = self._finish(update_ops, scope)
            else:
                finish = self._finish(update_ops, "update")
                with control_dependencies([finish] if finish is not None else []):
                    apply_updates = global_step.assign_add(
                        convert_to_tensor(1, dtype=global_step.dtype), name=scope,
                        read_value=False)
            if eager:
                return None
            graph = _context.get_default_graph()
            train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_ops:
                train_ops.append(apply_updates)
            return apply_updates

    def _have_slots(self, var_list):
        ready = self.__dict__.setdefault("_slots_ready", {})   # (a subclass may skip
        for var in var_list:                                  # our __init__)
            ref = ready.get(id(var))
            if ref is None or ref() is not var:
                return False
        return True

    def _note_slots(self, var_list):
        for var in var_list:
            if not var._in_graph_mode:    # (graph variables: slots are per graph)
                self.__dict__.setdefault("_slots_ready", {})[id(var)] = weakref.ref(var)

    def _apply_one(self, grad, var):
        if isinstance(grad, IndexedSlices):
            return self._resource_apply_sparse_duplicate_indices(grad.values, var, grad.indices)
        return self._resource_apply_dense(grad, var)

    def _finish(self, update_ops, name_scope):
        return control_flow_ops.group(*update_ops, name=name_scope)

    def _prepare(self):
        pass

    def _create_slots(self, var_list):
        pass

    def _resource_apply_sparse_duplicate_indices(self, grad, var, indices):
        return self._resource_apply_sparse(grad, var, indices)

    def _resource_apply_sparse(self, grad, var, indices):
        # Optimizers whose sparse update equals the dense one on the densified gradient.
        from tensorlite.ops import array_ops, gather_scatter
        rows = array_ops.shape(var.value())[0] if not var.shape[:1].is_fully_defined() \
            else var.shape[0]
        dense = gather_scatter.unsorted_segment_sum(grad, indices, rows)
        return self._resource_apply_dense(dense, var)

    def _call_if_callable(self, param):
        return param() if callable(param) else param

    def _prepared(self, param, name):
        """A hyperparameter for this apply_gradients: in graphs one tensor per call named as
        TF names it (`GradientDescent/learning_rate`, cast per variable dtype later);
        eagerly the value itself (_hyper keeps one constant per number and dtype)."""
        value = self._call_if_callable(param)
        if _context.executing_eagerly() or \
                (hasattr(value, "dtype") and not isinstance(value, np.ndarray)):
            return value
        return convert_to_tensor(value, name=name)

    def _hyper(self, value, dtype):
        """A hyperparameter (tensor, float or callable result) as a tensor of `dtype`."""
        if hasattr(value, "dtype") and not isinstance(value, np.ndarray):
            return value if value.dtype == dtype else math_ops.cast(value, dtype)
        if type(value) in (float, int) and _context.executing_eagerly():
            # Eagerly a Python number makes the same constant every step: make it once.
            cache = self.__dict__.setdefault("_eager_constants", {})
            tensor = cache.get((value, dtype))
            if tensor is None:
                if len(cache) > 64:      # a schedule computed in Python: keep a few
                    cache.clear()
                tensor = cache[(value, dtype)] = convert_to_tensor(
                    np.asarray(value, dtype.as_numpy_dtype))
            return tensor
        return convert_to_tensor(np.asarray(value, dtype.as_numpy_dtype))

    # ------------------------------------------------------------------ slots
    def get_slot_names(self):
        """The names of the slots this optimizer creates ('m', 'v', ...), sorted."""
        return sorted(self._slots)

    def get_slot(self, var, name):
        """The slot `name` of `var`, or None."""
        named = self._slots.get(name)
        if not named:
            return None
        entry = named.get(_var_key(var))
        return entry[1] if entry else None

    def variables(self):
        """The slot and non-slot variables of this optimizer in the current graph."""
        graph = None if _context.executing_eagerly() else _context.get_default_graph()
        found = [v for (_, g), v in self._non_slot_dict.items()
                 if g == (None if graph is None else id(graph))]
        for named in self._slots.values():
            for _, slot in named.values():
                if (slot.graph is graph) if graph is not None else not slot._in_graph_mode:
                    found.append(slot)
        return sorted(found, key=lambda v: v.name)

    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _get_or_make_slot(self, var, initializer, slot_name, op_name):
        named = self._slot_dict(slot_name)
        key = _var_key(var)
        if key not in named:
            slot = _create_slot(var, initializer, op_name, var.shape, var.dtype.base_dtype)
            named[key] = (var, slot)
        return named[key][1]

    def _filled_slot(self, var, value, slot_name, op_name, ones_initializer=False):
        named = self._slot_dict(slot_name)
        key = _var_key(var)
        if key not in named:
            named[key] = (var, create_filled_slot(var, value, op_name,
                                                  ones_initializer=ones_initializer))
        return named[key][1]

    def _zeros_slot(self, var, slot_name, op_name):
        return self._filled_slot(var, 0, slot_name, op_name)

    def _constant_slot(self, var, value, slot_name, op_name):
        return self._filled_slot(var, value, slot_name, op_name)

    def _ones_slot(self, var, slot_name, op_name):
        return self._filled_slot(var, 1, slot_name, op_name, ones_initializer=True)

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        eager = _context.executing_eagerly_outside_functions() \
            if hasattr(_context, "executing_eagerly_outside_functions") \
            else _context.executing_eagerly()
        graph = None if eager else id(colocate_with.graph)
        key = (name, graph)
        variable = self._non_slot_dict.get(key)
        if variable is None:
            from tensorlite.variables.variables import Variable
            variable = Variable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = variable
        return variable

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, None if graph is None else id(graph)))


# ---------------------------------------------------------------------- optimizers

class GradientDescentOptimizer(Optimizer):
    """`tf.compat.v1.train.GradientDescentOptimizer`: var -= learning_rate * grad."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self):
        self._lr = self._prepared(self._learning_rate, "learning_rate")
        self._lr_by_dtype = {}

    def _lr_for(self, dtype):
        lr = self._lr_by_dtype.get(dtype)
        if lr is None:
            lr = self._lr_by_dtype[dtype] = self._hyper(self._lr, dtype)
        return lr

    def _resource_apply_dense(self, grad, var):
        return _training_op("ResourceApplyGradientDescent", [var],
                            [self._lr_for(var.dtype.base_dtype), grad],
                            {"use_locking": self._use_locking})

    def _resource_apply_sparse_duplicate_indices(self, grad, var, indices):
        # TF scatter-adds -lr * grad: duplicate indices need no merging first.
        return var.scatter_sub(IndexedSlices(grad * self._lr_for(var.dtype.base_dtype),
                                             indices))


class MomentumOptimizer(Optimizer):
    """`tf.compat.v1.train.MomentumOptimizer` (accum = accum * momentum + grad)."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._lr = self._prepared(self._learning_rate, "learning_rate")
        self._mom = self._prepared(self._momentum, "momentum")

    def _args(self, var):
        dtype = var.dtype.base_dtype
        return self._hyper(self._lr, dtype), self._hyper(self._mom, dtype)

    def _resource_apply_dense(self, grad, var):
        lr, momentum = self._args(var)
        return _training_op("ResourceApplyMomentum", [var, self.get_slot(var, "momentum")],
                            [lr, grad, momentum], {"use_locking": self._use_locking,
                                                   "use_nesterov": self._use_nesterov})

    def _resource_apply_sparse(self, grad, var, indices):
        lr, momentum = self._args(var)
        return _training_op("ResourceSparseApplyMomentum",
                            [var, self.get_slot(var, "momentum")],
                            [lr, grad, indices, momentum],
                            {"use_locking": self._use_locking,
                             "use_nesterov": self._use_nesterov})


class AdamOptimizer(Optimizer):
    """`tf.compat.v1.train.AdamOptimizer`, with TF's epsilon-hat form and beta powers kept
    in the variables `beta1_power` and `beta2_power`."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon

    def _get_beta_accumulators(self):
        with init_scope():
            graph = None if _context.executing_eagerly() else _context.get_default_graph()
        return (self._get_non_slot_variable("beta1_power", graph=graph),
                self._get_non_slot_variable("beta2_power", graph=graph))

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._values = [self._prepared(x, name) for x, name in (
            (self._lr, "learning_rate"), (self._beta1, "beta1"), (self._beta2, "beta2"),
            (self._epsilon, "epsilon"))]

    def _resource_apply_dense(self, grad, var):
        dtype = var.dtype.base_dtype
        beta1_power, beta2_power = self._get_beta_accumulators()
        # (Cast in TF's order: the powers, then the hyperparameters: Cast, Cast_1, ...)
        powers = [p if p.dtype.base_dtype == dtype else math_ops.cast(p, dtype)
                  for p in (beta1_power, beta2_power)]
        lr, beta1, beta2, epsilon = [self._hyper(x, dtype) for x in self._values]
        return _training_op("ResourceApplyAdam",
                            [var, self.get_slot(var, "m"), self.get_slot(var, "v")],
                            powers + [lr, beta1, beta2, epsilon, grad],
                            {"use_locking": self._use_locking})

    def _apply_one(self, grad, var):
        if isinstance(grad, IndexedSlices):
            return self._resource_apply_sparse_duplicate_indices(grad.values, var, grad.indices)
        return self._resource_apply_dense(grad, var)

    def _finish(self, update_ops, name_scope):
        with control_dependencies([op for op in update_ops if op is not None]):
            beta1_power, beta2_power = self._get_beta_accumulators()
            update_beta1 = beta1_power.assign(
                beta1_power * self._hyper(self._values[1], beta1_power.dtype),
                read_value=False)
            update_beta2 = beta2_power.assign(
                beta2_power * self._hyper(self._values[2], beta2_power.dtype),
                read_value=False)
        return control_flow_ops.group(*update_ops + [update_beta1, update_beta2],
                                      name=name_scope)


class RMSPropOptimizer(Optimizer):
    """`tf.compat.v1.train.RMSPropOptimizer` (slot `rms` starts at ones; `centered` keeps
    the mean gradient `mg`)."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking=False, centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            self._ones_slot(v, "rms", self._name)
            self._zeros_slot(v, "momentum", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)

    def _prepare(self):
        self._values = [self._prepared(x, name) for x, name in (
            (self._learning_rate, "learning_rate"), (self._decay, "decay"),
            (self._momentum, "momentum"), (self._epsilon, "epsilon"))]

    def _apply(self, grad, var, indices=None):
        dtype = var.dtype.base_dtype
        lr, rho, momentum, epsilon = [self._hyper(x, dtype) for x in self._values]
        slots = [self.get_slot(var, "rms"), self.get_slot(var, "momentum")]
        name = "CenteredRMSProp" if self._centered else "RMSProp"
        if self._centered:
            slots.insert(0, self.get_slot(var, "mg"))
        tail = [grad] if indices is None else [grad, indices]
        op_type = ("ResourceApply" if indices is None else "ResourceSparseApply") + name
        return _training_op(op_type, [var] + slots, [lr, rho, momentum, epsilon] + tail,
                            {"use_locking": self._use_locking})

    def _resource_apply_dense(self, grad, var):
        return self._apply(grad, var)

    def _resource_apply_sparse(self, grad, var, indices):
        return self._apply(grad, var, indices)


class AdagradOptimizer(Optimizer):
    """`tf.compat.v1.train.AdagradOptimizer` (accumulators start at 0.1)."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: %s" %
                             initial_accumulator_value)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            self._constant_slot(v, self._initial_accumulator_value, "accumulator",
                                self._name)

    def _prepare(self):
        self._lr = self._prepared(self._learning_rate, "learning_rate")

    def _resource_apply_dense(self, grad, var):
        return _training_op("ResourceApplyAdagrad", [var, self.get_slot(var, "accumulator")],
                            [self._hyper(self._lr, var.dtype.base_dtype), grad],
                            {"use_locking": self._use_locking})

    def _resource_apply_sparse(self, grad, var, indices):
        return _training_op("ResourceSparseApplyAdagrad",
                            [var, self.get_slot(var, "accumulator")],
                            [self._hyper(self._lr, var.dtype.base_dtype), grad, indices],
                            {"use_locking": self._use_locking})


class AdadeltaOptimizer(Optimizer):
    """`tf.compat.v1.train.AdadeltaOptimizer`."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False,
                 name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._rho = rho
        self._epsilon = epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        self._values = [self._prepared(x, name) for x, name in (
            (self._lr, "lr"), (self._rho, "rho"), (self._epsilon, "epsilon"))]

    def _apply(self, grad, var, indices=None):
        dtype = var.dtype.base_dtype
        slots = [self.get_slot(var, "accum"), self.get_slot(var, "accum_update")]
        tail = [grad] if indices is None else [grad, indices]
        op_type = "ResourceApplyAdadelta" if indices is None else \
            "ResourceSparseApplyAdadelta"
        return _training_op(op_type, [var] + slots,
                            [self._hyper(x, dtype) for x in self._values] + tail,
                            {"use_locking": self._use_locking})

    def _resource_apply_dense(self, grad, var):
        return self._apply(grad, var)

    def _resource_apply_sparse(self, grad, var, indices):
        return self._apply(grad, var, indices)


class FtrlOptimizer(Optimizer):
    """`tf.compat.v1.train.FtrlOptimizer` (without l2_shrinkage or beta)."""

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="Ftrl", accum_name=None, linear_name=None,
                 l2_shrinkage_regularization_strength=0.0, beta=None):
        super().__init__(use_locking, name)
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value %f needs to be positive or zero" %
                             initial_accumulator_value)
        if learning_rate_power > 0.0:
            raise ValueError("learning_rate_power %f needs to be negative or zero" %
                             learning_rate_power)
        if l1_regularization_strength < 0.0:
            raise ValueError("l1_regularization_strength %f needs to be positive or zero" %
                             l1_regularization_strength)
        if l2_regularization_strength < 0.0:
            raise ValueError("l2_regularization_strength %f needs to be positive or zero" %
                             l2_regularization_strength)
        if l2_shrinkage_regularization_strength or beta:
            raise NotImplementedError("FtrlOptimizer: l2_shrinkage_regularization_strength "
                                      "and beta are not supported by tensorlite")
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength
        self._accum_name = accum_name
        self._linear_name = linear_name

    def _create_slots(self, var_list):
        from tensorlite.variables.initializers import Constant
        for v in var_list:
            # Not _constant_slot: TF's Ftrl needs fully defined shapes for this one.
            self._get_or_make_slot(v, Constant(self._initial_accumulator_value), "accum",
                                   self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        self._values = [self._prepared(x, name) for x, name in (
            (self._learning_rate, "learning_rate"), (self._l1, "l1_regularization_strength"),
            (self._l2, "l2_regularization_strength"),
            (self._learning_rate_power, "learning_rate_power"))]

    def _apply(self, grad, var, indices=None):
        dtype = var.dtype.base_dtype
        slots = [self.get_slot(var, "accum"), self.get_slot(var, "linear")]
        head = [grad] if indices is None else [grad, indices]
        op_type = "ResourceApplyFtrl" if indices is None else "ResourceSparseApplyFtrl"
        return _training_op(op_type, [var] + slots,
                            head + [self._hyper(x, dtype) for x in self._values],
                            {"use_locking": self._use_locking})

    def _resource_apply_dense(self, grad, var):
        return self._apply(grad, var)

    def _resource_apply_sparse(self, grad, var, indices):
        return self._apply(grad, var, indices)
