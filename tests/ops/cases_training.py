"""Cases for the training ops (ResourceApply* / ResourceSparseApply*), built through the
public `tf.compat.v1.train.*Optimizer` API.

Each case makes a variable, writes the input `x` into it, applies one gradient step and
returns the variable and the optimizer's slots after the step. The same build works
eagerly (the update runs at once) and in a Session: there the optimizer is applied once
just to create its slots, their initializers run, and a second apply_gradients (the one
that is run) depends on the write and the initializers; the reads depend on the update.

The variable has a static shape even when the inputs are fed through unknown-shape
placeholders, because slot creation needs the variable's full shape here (see the module
report); the gradient and hyperparameter tensors still have unknown shapes then.

The references are TF's kernel formulas for one step from the optimizers' initial slot
values (Adam: m = v = 0, beta powers beta1 and beta2; Momentum accumulator 0; RMSProp
rms 1, momentum 0, mg 0; Adagrad accumulator 0.1; Adadelta accum = accum_update = 0;
Ftrl accum 0.1, linear 0), computed in float64. Sparse gradients (IndexedSlices) sum
duplicate indices first and touch only the rows they name.
"""
import numpy as np

from tests.ops.harness import Case, F

SHAPE = (4, 3)


# ---------------------------------------------------------------------- builders

def _step(make_optimizer, slots, sparse_indices=None, indices_dtype="int32", reference=False):
    """build(tf, x, grad[, hyper...]): one apply_gradients; returns [var, *slots].

    reference=True uses TF1 reference variables (graphs: the Apply*/SparseApply* ops)."""
    def build(tf, x, grad, *hyper):
        if reference:
            v = tf.compat.v1.Variable(tf.zeros(SHAPE, x.dtype), use_resource=False)
        else:
            v = tf.Variable(tf.zeros(SHAPE, x.dtype))
        written = v.assign(x)
        if sparse_indices is not None:
            grad = tf.IndexedSlices(grad, tf.constant(sparse_indices,
                                                      dtype=getattr(tf, indices_dtype)))
        optimizer = make_optimizer(tf, *hyper)
        if tf.executing_eagerly():
            assert optimizer.apply_gradients([(grad, v)]) is None
            return [v.read_value()] + [optimizer.get_slot(v, s).read_value() for s in slots]
        optimizer.apply_gradients([(grad, v)])          # creates the slots; never run
        initialize = tf.compat.v1.variables_initializer(optimizer.variables())
        with tf.control_dependencies([written.op, initialize]):
            train = optimizer.apply_gradients([(grad, v)])
        with tf.control_dependencies([train]):
            return [v.read_value()] + [optimizer.get_slot(v, s).read_value() for s in slots]
    build.with_reference_variables = lambda: _step(make_optimizer, slots, sparse_indices,
                                                   indices_dtype, reference=True)
    return build


# ---------------------------------------------------------------------- references
# Each update(var, *slots, grad) -> (var, *slots), in float64, one step.

def _reference(update, slot_inits, sparse_indices=None):
    def reference(x, grad, *hyper):
        dtype = x.dtype
        var = x.astype(np.float64)
        slots = [np.full(SHAPE, init, np.float64) for init in slot_inits]
        grad = np.asarray(grad, np.float64)
        hyper = [np.float64(h) for h in hyper]
        if sparse_indices is None:
            new = update(var, *slots, grad, *hyper)
        else:
            rows, inverse = np.unique(np.asarray(sparse_indices), return_inverse=True)
            summed = np.zeros((len(rows),) + grad.shape[1:])
            np.add.at(summed, inverse.reshape(-1), grad)
            parts = update(var[rows], *[s[rows] for s in slots], summed, *hyper)
            new = []
            for whole, part in zip([var] + slots, parts):
                whole = whole.copy()
                whole[rows] = part
                new.append(whole)
        return [np.asarray(a, dtype) for a in new]
    return reference


def _sgd(lr):
    def update(var, grad, *tensor_lr):
        rate = tensor_lr[0] if tensor_lr else lr
        return (var - rate * grad,)
    return update


def _momentum(lr, momentum, nesterov=False):
    def update(var, accum, grad):
        accum = accum * momentum + grad
        if nesterov:
            return var - (grad * lr + accum * momentum * lr), accum
        return var - lr * accum, accum
    return update


def _adam(lr, beta1, beta2, epsilon):
    def update(var, m, v, grad):
        # First step: the beta powers are beta1 and beta2.
        lr_t = lr * np.sqrt(1 - beta2) / (1 - beta1)
        m = m + (grad - m) * (1 - beta1)
        v = v + (grad * grad - v) * (1 - beta2)
        return var - m * lr_t / (np.sqrt(v) + epsilon), m, v
    return update


def _rmsprop(lr, rho, momentum, epsilon):
    def update(var, ms, mom, grad):
        ms = ms + (grad * grad - ms) * (1 - rho)
        mom = mom * momentum + lr * grad / np.sqrt(ms + epsilon)
        return var - mom, ms, mom
    return update


def _centered_rmsprop(lr, rho, momentum, epsilon):
    def update(var, ms, mom, mg, grad):
        ms = ms + (grad * grad - ms) * (1 - rho)
        mg = mg + (grad - mg) * (1 - rho)
        mom = mom * momentum + lr * grad / np.sqrt(ms - mg * mg + epsilon)
        return var - mom, ms, mom, mg
    return update


def _adagrad(lr):
    def update(var, accum, grad):
        accum = accum + grad * grad
        return var - lr * grad / np.sqrt(accum), accum
    return update


def _adadelta(lr, rho, epsilon):
    def update(var, accum, accum_update, grad):
        accum = accum * rho + grad * grad * (1 - rho)
        step = np.sqrt(accum_update + epsilon) / np.sqrt(accum + epsilon) * grad
        accum_update = accum_update * rho + step * step * (1 - rho)
        return var - step * lr, accum, accum_update
    return update


def _ftrl(lr, l1, l2, lr_power):
    def update(var, accum, linear, grad):
        new_accum = accum + grad * grad
        sigma = (new_accum ** -lr_power - accum ** -lr_power) / lr
        linear = linear + grad - sigma * var
        quadratic = new_accum ** -lr_power / lr + 2 * l2
        var = np.where(np.abs(linear) > l1,
                       (np.clip(linear, -l1, l1) - linear) / quadratic, 0.0)
        return var, new_accum, linear
    return update


def _densify(values, indices):
    dense = np.zeros(SHAPE, np.float64)
    np.add.at(dense, np.asarray(indices), np.asarray(values, np.float64))
    return dense


# ---------------------------------------------------------------------- cases

TOL = dict(rtol=1e-5, atol=1e-5)
X = F(*SHAPE)
G = F(*SHAPE)
DUPLICATES = [3, 1, 3]                     # row 3 twice (summed), rows 0 and 2 untouched
SPARSE_G = F(len(DUPLICATES), SHAPE[1])


def _case(op, make_optimizer, update, slots, slot_inits, name="", sparse_indices=None,
          indices_dtype="int32", inputs=None, dtype="float32", **kwargs):
    if inputs is None:
        grad = SPARSE_G if sparse_indices is not None else G
        inputs = [F(*X.shape, dtype=dtype), F(*grad.shape, dtype=dtype)]
    return Case(op, _step(make_optimizer, slots, sparse_indices, indices_dtype),
                _reference(update, slot_inits, sparse_indices), inputs, name=name,
                **{**TOL, **kwargs})


def _momentum_optimizer(**kwargs):
    return lambda tf: tf.compat.v1.train.MomentumOptimizer(0.1, 0.9, **kwargs)


def _rmsprop_optimizer(centered):
    return lambda tf: tf.compat.v1.train.RMSPropOptimizer(0.1, decay=0.9, momentum=0.5,
                                                          epsilon=1e-6, centered=centered)


def _adadelta_optimizer(tf):
    return tf.compat.v1.train.AdadeltaOptimizer(1.0, rho=0.95, epsilon=1e-6)


def _ftrl_optimizer(lr_power, l1, l2):
    return lambda tf: tf.compat.v1.train.FtrlOptimizer(
        0.5, learning_rate_power=lr_power, l1_regularization_strength=l1,
        l2_regularization_strength=l2)


def _adam_optimizer(tf):
    return tf.compat.v1.train.AdamOptimizer(0.1, beta1=0.9, beta2=0.999, epsilon=1e-8)


RMS_SLOTS, RMS_INITS = ["rms", "momentum"], [1.0, 0.0]
CENTERED_SLOTS, CENTERED_INITS = ["rms", "momentum", "mg"], [1.0, 0.0, 0.0]

CASES = [
    # GradientDescent (its sparse update is a ResourceScatterAdd, covered in cases_core)
    _case("ResourceApplyGradientDescent",
          lambda tf: tf.compat.v1.train.GradientDescentOptimizer(0.1), _sgd(0.1), [], []),
    _case("ResourceApplyGradientDescent",
          lambda tf, lr: tf.compat.v1.train.GradientDescentOptimizer(lr), _sgd(None), [], [],
          name="tensor-lr", inputs=[X, G, F(low=0.1, high=1.0)]),
    _case("ResourceApplyGradientDescent",
          lambda tf: tf.compat.v1.train.GradientDescentOptimizer(0.1), _sgd(0.1), [], [],
          name="float64", dtype="float64"),

    # Momentum
    _case("ResourceApplyMomentum", _momentum_optimizer(), _momentum(0.1, 0.9),
          ["momentum"], [0.0]),
    _case("ResourceApplyMomentum", _momentum_optimizer(use_nesterov=True),
          _momentum(0.1, 0.9, nesterov=True), ["momentum"], [0.0], name="nesterov"),
    _case("ResourceSparseApplyMomentum", _momentum_optimizer(), _momentum(0.1, 0.9),
          ["momentum"], [0.0], sparse_indices=DUPLICATES),
    _case("ResourceSparseApplyMomentum", _momentum_optimizer(use_nesterov=True),
          _momentum(0.1, 0.9, nesterov=True), ["momentum"], [0.0], name="nesterov-int64",
          sparse_indices=[2, 0], indices_dtype="int64",
          inputs=[X, F(2, SHAPE[1])]),

    # Adam (no sparse op: an IndexedSlices gradient is densified, as TF's update equals
    # the dense one on the densified gradient)
    _case("ResourceApplyAdam", _adam_optimizer, _adam(0.1, 0.9, 0.999, 1e-8), ["m", "v"],
          [0.0, 0.0]),
    _case("ResourceApplyAdam", _adam_optimizer, _adam(0.1, 0.9, 0.999, 1e-8), ["m", "v"],
          [0.0, 0.0], name="float64", dtype="float64"),
    Case("ResourceApplyAdam",
         _step(_adam_optimizer, ["m", "v"], DUPLICATES),
         lambda x, g: _reference(_adam(0.1, 0.9, 0.999, 1e-8), [0.0, 0.0])(
             x, _densify(g, DUPLICATES)),
         [X, SPARSE_G], name="indexed-slices", **TOL),

    # RMSProp
    _case("ResourceApplyRMSProp", _rmsprop_optimizer(False), _rmsprop(0.1, 0.9, 0.5, 1e-6),
          RMS_SLOTS, RMS_INITS),
    _case("ResourceSparseApplyRMSProp", _rmsprop_optimizer(False),
          _rmsprop(0.1, 0.9, 0.5, 1e-6), RMS_SLOTS, RMS_INITS, sparse_indices=DUPLICATES),
    _case("ResourceApplyCenteredRMSProp", _rmsprop_optimizer(True),
          _centered_rmsprop(0.1, 0.9, 0.5, 1e-6), CENTERED_SLOTS, CENTERED_INITS),
    _case("ResourceSparseApplyCenteredRMSProp", _rmsprop_optimizer(True),
          _centered_rmsprop(0.1, 0.9, 0.5, 1e-6), CENTERED_SLOTS, CENTERED_INITS,
          sparse_indices=DUPLICATES),

    # Adagrad
    _case("ResourceApplyAdagrad", lambda tf: tf.compat.v1.train.AdagradOptimizer(0.1),
          _adagrad(0.1), ["accumulator"], [0.1]),
    _case("ResourceApplyAdagrad",
          lambda tf: tf.compat.v1.train.AdagradOptimizer(0.1, initial_accumulator_value=0.5),
          _adagrad(0.1), ["accumulator"], [0.5], name="initial-0.5"),
    _case("ResourceSparseApplyAdagrad", lambda tf: tf.compat.v1.train.AdagradOptimizer(0.1),
          _adagrad(0.1), ["accumulator"], [0.1], sparse_indices=DUPLICATES),

    # Adadelta
    _case("ResourceApplyAdadelta", _adadelta_optimizer, _adadelta(1.0, 0.95, 1e-6),
          ["accum", "accum_update"], [0.0, 0.0]),
    _case("ResourceSparseApplyAdadelta", _adadelta_optimizer, _adadelta(1.0, 0.95, 1e-6),
          ["accum", "accum_update"], [0.0, 0.0], sparse_indices=DUPLICATES),

    # Ftrl (l1 zeroes the small |linear| entries)
    _case("ResourceApplyFtrl", _ftrl_optimizer(-0.5, 0.0, 0.0), _ftrl(0.5, 0.0, 0.0, -0.5),
          ["accum", "linear"], [0.1, 0.0]),
    _case("ResourceApplyFtrl", _ftrl_optimizer(-0.5, 0.3, 0.2), _ftrl(0.5, 0.3, 0.2, -0.5),
          ["accum", "linear"], [0.1, 0.0], name="l1-l2"),
    _case("ResourceApplyFtrl", _ftrl_optimizer(-0.7, 0.3, 0.2), _ftrl(0.5, 0.3, 0.2, -0.7),
          ["accum", "linear"], [0.1, 0.0], name="lr-power-0.7"),
    _case("ResourceSparseApplyFtrl", _ftrl_optimizer(-0.5, 0.3, 0.2),
          _ftrl(0.5, 0.3, 0.2, -0.5), ["accum", "linear"], [0.1, 0.0],
          sparse_indices=DUPLICATES),
]


def _reference_variable_cases(cases):
    """The same steps on TF1 reference variables: one case per Apply*/SparseApply* op."""
    made, seen = [], set()
    for case in cases:
        ref_op = case.op[len("Resource"):]
        if ref_op in seen or not hasattr(case.build, "with_reference_variables"):
            continue
        seen.add(ref_op)
        made.append(Case(ref_op, case.build.with_reference_variables(), case.reference,
                         case.inputs, rtol=case.rtol, atol=case.atol, name="reference"))
    return made


CASES += _reference_variable_cases(CASES)

for _case in CASES:     # each step makes its variables from the inputs: not in a tf.function
    _case.function = False
