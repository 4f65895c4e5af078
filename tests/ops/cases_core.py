"""Cases for the runtime's own ops: variables, control flow, function calls, custom gradients.

Variables are written before they are read (through the control dependency `assign`
returns), so the same build works eagerly and in a Session. Control-flow ops are built
inside tf.function so that eager calls also go through the If/While/Case ops.
"""
import numpy as np

from tests.ops.harness import Case, F, K


def _variable_after_assign(tf, x, reference=False):
    # reference=True: a TF1 VariableV2 in graphs (eagerly TF makes a resource variable).
    if reference:
        v = tf.compat.v1.Variable(tf.zeros_like(x), use_resource=False)
    else:
        v = tf.Variable(tf.zeros_like(x))
    return v, v.assign(x)


def _read(tf, x):
    _, written = _variable_after_assign(tf, x)
    return tf.identity(written)


def _update(method):
    def build(tf, x):
        v, written = _variable_after_assign(tf, x)
        with tf.control_dependencies([written.op]):
            return tf.identity(getattr(v, method)(x))
    return build


def _initialized(tf, x):
    v, written = _variable_after_assign(tf, x)
    with tf.control_dependencies([written.op]):
        return v.is_initialized()


def _gather(tf, x):
    v, written = _variable_after_assign(tf, x)
    with tf.control_dependencies([written.op]):
        return v.sparse_read([2, 0])


def _scatter(method):
    def build(tf, x):
        v, written = _variable_after_assign(tf, x)
        with tf.control_dependencies([written.op]):
            delta = tf.IndexedSlices(tf.constant([2.0, 3.0]), tf.constant([1, 3]))
            return tf.identity(getattr(v, method)(delta))
    return build


def _scatter_reference(combine):
    def reference(x):
        out = np.array(x)
        combine(out, [1, 3], np.array([2.0, 3.0], np.float32))
        return out
    return reference


def _cond(stateful):
    def build(tf, x):
        @tf.function
        def f(x):
            noise = 0.0 * tf.random.uniform([], dtype=x.dtype) if stateful else 0.0
            return tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0 + noise, lambda: x * x)
        return f(x)
    return build


def _switch(stateful):
    def build(tf, x):
        @tf.function
        def f(x):
            noise = 0.0 * tf.random.uniform([], dtype=x.dtype) if stateful else 0.0
            index = tf.cast(tf.reduce_sum(x) > 0, tf.int32)
            return tf.switch_case(index, [lambda: x * x, lambda: x * 3.0 + noise])
        return f(x)
    return build


def _loop(stateful):
    def build(tf, x):
        @tf.function
        def f(x):
            def body(i, acc):
                noise = 0.0 * tf.random.uniform([], dtype=x.dtype) if stateful else 0.0
                return i + 1, acc * x + noise
            return tf.while_loop(lambda i, acc: i < 3, body, [0, tf.ones_like(x)])[1]
        return f(x)
    return build


def _while_gradient(tf, x):
    @tf.function
    def f(x):
        cube = tf.while_loop(lambda i, acc: i < 3, lambda i, acc: (i + 1, acc * x),
                             [0, tf.ones_like(x)])[1]
        return tf.gradients(cube, x)[0]
    return f(x)


def _call(stateful):
    def build(tf, x):
        @tf.function
        def f(x):
            noise = 0.0 * tf.random.uniform([], dtype=x.dtype) if stateful else 0.0
            return tf.sin(x) * x + noise
        return f(x)
    return build


def _custom(tf, x):
    @tf.custom_gradient
    def clipped_square(x):
        def grad(dy):
            return dy * 2.0 * x
        return x * x, grad
    return clipped_square(x)


def _handle(tf, x):
    v, written = _variable_after_assign(tf, x)
    return tf.identity(written) + 0.0


def _cond_ref(x):
    return x * 2.0 if x.sum() > 0 else x * x


def _switch_ref(x):
    return x * 3.0 if x.sum() > 0 else x * x


POSITIVE = F(3, low=0.5, high=2.0)
CASES = [
    Case("VarHandleOp", _handle, lambda x: x, [F(2, 3)]),
    Case("AssignVariableOp", _read, lambda x: x, [F(2, 3)]),
    Case("ReadVariableOp", _read, lambda x: x, [F(2, 3)]),
    Case("AssignAddVariableOp", _update("assign_add"), lambda x: 2 * x, [F(2, 3)]),
    Case("AssignSubVariableOp", _update("assign_sub"), lambda x: 0 * x, [F(2, 3)]),
    Case("VarIsInitializedOp", _initialized, lambda x: np.bool_(True), [F(2)]),
    Case("ResourceGather", _gather, lambda x: x[[2, 0]], [F(4, 2)]),
    Case("ResourceScatterUpdate", _scatter("scatter_update"),
         _scatter_reference(lambda v, i, u: v.__setitem__(i, u)), [F(5)]),
    Case("ResourceScatterAdd", _scatter("scatter_add"),
         _scatter_reference(lambda v, i, u: np.add.at(v, i, u)), [F(5)]),
    Case("ResourceScatterSub", _scatter("scatter_sub"),
         _scatter_reference(lambda v, i, u: np.subtract.at(v, i, u)), [F(5)]),
    Case("ResourceScatterMul", _scatter("scatter_mul"),
         _scatter_reference(lambda v, i, u: np.multiply.at(v, i, u)), [F(5)]),
    Case("ResourceScatterDiv", _scatter("scatter_div"),
         _scatter_reference(lambda v, i, u: np.divide.at(v, i, u)), [F(5)]),
    Case("ResourceScatterMax", _scatter("scatter_max"),
         _scatter_reference(lambda v, i, u: np.maximum.at(v, i, u)), [F(5)]),
    Case("ResourceScatterMin", _scatter("scatter_min"),
         _scatter_reference(lambda v, i, u: np.minimum.at(v, i, u)), [F(5)]),
    Case("StatelessIf", _cond(False), _cond_ref, [POSITIVE], grad=2, name="taken-true"),
    Case("StatelessIf", _cond(False), _cond_ref, [F(3, low=-2.0, high=-0.5)], grad=2,
         name="taken-false"),
    Case("If", _cond(True), _cond_ref, [POSITIVE], grad=1),
    Case("StatelessCase", _switch(False), _switch_ref, [POSITIVE], grad=2),
    Case("Case", _switch(True), _switch_ref, [F(3, low=-2.0, high=-0.5)], grad=1),
    Case("StatelessWhile", _loop(False), lambda x: x ** 3, [F(3)], grad=1),
    Case("While", _loop(True), lambda x: x ** 3, [F(3)], grad=1),
    Case("WhileGrad", _while_gradient, lambda x: 3 * x ** 2, [F(3)]),
    Case("PartitionedCall", _call(False), lambda x: np.sin(x) * x, [F(2, 3)], grad=2),
    Case("StatefulPartitionedCall", _call(True), lambda x: np.sin(x) * x, [F(2, 3)], grad=1),
    Case("CustomGradient", _custom, lambda x: x * x, [F(2, 3)], grad=1),
]


def _ref_update(method):
    def build(tf, x):
        v, written = _variable_after_assign(tf, x, reference=True)
        with tf.control_dependencies([written.op if hasattr(written, "op") and
                                      not tf.executing_eagerly() else written]):
            return tf.identity(getattr(v, method)(x))
    return build


def _ref_read(tf, x):
    v, written = _variable_after_assign(tf, x, reference=True)
    return tf.identity(written)


def _ref_initialized(tf, x):
    v, written = _variable_after_assign(tf, x, reference=True)
    with tf.control_dependencies([written]):
        return tf.compat.v1.is_variable_initialized(v)


def _ref_scatter(method):
    def build(tf, x):
        v, written = _variable_after_assign(tf, x, reference=True)
        with tf.control_dependencies([written]):
            delta = tf.IndexedSlices(tf.constant([2.0, 3.0]), tf.constant([1, 3]))
            return tf.identity(getattr(v, method)(delta))
    return build


def _ref_initialized_value(tf, x):
    v = tf.compat.v1.Variable(x, use_resource=False)
    if tf.executing_eagerly():   # eagerly it is a resource variable: nothing to merge
        return tf.identity(v)
    return v.initialized_value()


CASES += [
    Case("VariableV2", _ref_read, lambda x: x, [F(2, 3)]),
    Case("Assign", _ref_read, lambda x: x, [F(2, 3)]),
    Case("AssignAdd", _ref_update("assign_add"), lambda x: 2 * x, [F(2, 3)]),
    Case("AssignSub", _ref_update("assign_sub"), lambda x: 0 * x, [F(2, 3)]),
    Case("IsVariableInitialized", _ref_initialized, lambda x: np.bool_(True), [F(2)]),
    Case("Merge", _ref_initialized_value, lambda x: x, [F(2, 3)]),
]
for _name, _combine in [("ScatterUpdate", lambda v, i, u: v.__setitem__(i, u)),
                        ("ScatterAdd", lambda v, i, u: np.add.at(v, i, u)),
                        ("ScatterSub", lambda v, i, u: np.subtract.at(v, i, u)),
                        ("ScatterMul", lambda v, i, u: np.multiply.at(v, i, u)),
                        ("ScatterDiv", lambda v, i, u: np.divide.at(v, i, u)),
                        ("ScatterMax", lambda v, i, u: np.maximum.at(v, i, u)),
                        ("ScatterMin", lambda v, i, u: np.minimum.at(v, i, u))]:
    _method = "scatter_" + _name[len("Scatter"):].lower()
    CASES.append(Case(_name, _ref_scatter(_method), _scatter_reference(_combine), [F(5)]))
del K

# These builds make a variable from their input tensor: inside a tf.function TF refuses
# that too (a function's variables are made once, from values outside it).
_VARIABLE_FROM_INPUT = {
    "VarHandleOp", "AssignVariableOp", "ReadVariableOp", "AssignAddVariableOp",
    "AssignSubVariableOp", "VarIsInitializedOp", "ResourceGather", "VariableV2", "Assign",
    "AssignAdd", "AssignSub", "IsVariableInitialized", "Merge",
    *(f"{prefix}Scatter{kind}" for prefix in ("Resource", "")
      for kind in ("Update", "Add", "Sub", "Mul", "Div", "Max", "Min"))}
for _case in CASES:
    if _case.op in _VARIABLE_FROM_INPUT:
        _case.function = False
