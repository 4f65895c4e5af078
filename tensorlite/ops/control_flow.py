"""`tf.cond`, `tf.while_loop`, `tf.case`, `tf.switch_case` (TF's control flow v2).

Eagerly they are plain Python. In graphs, branches and loop bodies are traced into
FuncGraphs held by `If` / `While` ops; the executor runs only the taken branch, and loops
until the condition fails. Gradients: `If` differentiates its branches under a tape inside
a gradient `cond`; `While` runs a `WhileGrad` op that replays the loop eagerly under a tape
(so first derivatives through graph loops work; higher ones do not).
"""
import numpy as np

from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors, nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.func_graph import FuncGraph
from tensorlite.framework.registry import OpDef, not_differentiable, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import EagerTensor, Tensor
from tensorlite.framework.tensor_shape import TensorShape

__all__ = ["cond", "while_loop", "case", "switch_case"]


class _Body:
    """A traced branch or loop body: its graph, outputs, and a compiled plan."""

    def __init__(self, graph, outputs, structure):
        from tensorlite.execution.plan import Plan
        self.graph = graph
        self.outputs = outputs
        self.structure = structure
        targets = [op for op in graph.get_operations() if op._opdef.stateful]
        self._plan = Plan(graph, outputs, targets, graph.inputs)

    def run_arrays(self, values):
        return self._plan.run(values)

    def interpret(self, inputs):
        from tensorlite.execution.function import ConcreteFunction
        return ConcreteFunction.interpret(self, inputs)


def _trace(name, function, arguments=(), shapes=None):
    """Trace `function(*placeholders)` into a new FuncGraph; returns (_Body, structure)."""
    outer = _context.current_builder()
    graph = FuncGraph(name, outer_graph=None if outer.is_eager else outer)
    with graph.as_default():
        placeholders = [graph.add_argument(t.dtype, shape if shape is not None else t.shape,
                                           f"{name}_arg_{i}")
                        for i, (t, shape) in enumerate(zip(arguments, shapes or
                                                           [None] * len(arguments)))]
        result = function(*placeholders)
        flat = [_output_tensor(graph, v) for v in nest.flatten(result)]
    return _Body(graph, flat, result), placeholders


def _output_tensor(graph, value):
    if value is None:
        raise ValueError("tf.cond and tf.while_loop functions must not return None in "
                         "tensorlite; return tensors")
    if hasattr(value, "_tape_handle") and not isinstance(value, Tensor):
        value = value.value()
    tensor = convert_to_tensor(value)
    if isinstance(tensor, EagerTensor) or tensor.graph is not graph:
        tensor = graph.capture(tensor)
    return tensor


# ---------------------------------------------------------------------- cond

def _if_kernel(cond, *values, then_branch, else_branch, then_index, else_index, Tout):
    branch, index = (then_branch, then_index) if cond else (else_branch, else_index)
    return branch.run_arrays([values[i] for i in index])


def _if_shape(inputs, attrs):
    shapes = [a.shape.most_specific_compatible_shape(b.shape)
              for a, b in zip(attrs["then_branch"].outputs, attrs["else_branch"].outputs)]
    return shapes


def _if_grad(op, *output_grads):
    from tensorlite.autodiff.backprop import UnconnectedGradients
    from tensorlite.autodiff.tape import GradientTape
    from tensorlite.ops.array_ops import identity
    pred, inputs = op.inputs[0], list(op.inputs[1:])
    positions = [i for i, t in enumerate(inputs) if t.dtype.is_floating or t.dtype.is_complex]
    if not positions:
        return [None] * len(op.inputs)

    def branch_gradient(branch, index):
        def compute():
            with GradientTape() as tape:
                proxies = [identity(inputs[i]) for i in index]
                for proxy in proxies:
                    tape.watch(proxy)
                outputs = branch.interpret(proxies)
            grads = tape.gradient(outputs, proxies, output_gradients=list(output_grads),
                                  unconnected_gradients=UnconnectedGradients.ZERO)
            by_position = {}
            for i, grad in zip(index, grads):
                if i in by_position:
                    by_position[i] = by_position[i] + grad
                else:
                    by_position[i] = grad
            from tensorlite.ops.array_manip import zeros_like
            return [convert_to_tensor(by_position[i]) if i in by_position
                    else zeros_like(inputs[i]) for i in positions]
        return compute

    grads = cond(pred, branch_gradient(op.get_attr("then_branch"), op.get_attr("then_index")),
                 branch_gradient(op.get_attr("else_branch"), op.get_attr("else_index")))
    result = [None] * len(op.inputs)
    for position, grad in zip(positions, nest.flatten(grads)):
        result[1 + position] = grad
    return result


def _tout(attrs, types):
    return list(attrs["Tout"])


IF = register(OpDef("If", _if_kernel, _if_shape, _if_grad, inputs=("cond: Tcond", "input: N*?"),
                    outputs=_tout, type_attrs={"Tcond": None}, stateful=True))
STATELESS_IF = register(OpDef("StatelessIf", _if_kernel, _if_shape, _if_grad,
                              inputs=("cond: Tcond", "input: N*?"), outputs=_tout,
                              type_attrs={"Tcond": None}))


def _check_same_structure(true_body, false_body):
    try:
        nest.pack_sequence_as(true_body.structure, nest.flatten(false_body.structure))
        same = _structure(true_body.structure) == _structure(false_body.structure)
    except ValueError:
        same = False
    if not same:
        raise ValueError("true_fn and false_fn arguments to tf.cond must have the same number, "
                         "type, and overall structure of return values.\n\n"
                         f"true_fn output: {true_body.structure}\n"
                         f"false_fn output: {false_body.structure}")
    for a, b in zip(true_body.outputs, false_body.outputs):
        if a.dtype is not b.dtype:
            raise TypeError("true_fn and false_fn arguments to tf.cond must have the same "
                            "number, type, and overall structure of return values.\n\n"
                            f"true_fn output: {true_body.structure}\n"
                            f"false_fn output: {false_body.structure}\n\nError details:\n"
                            f"{a.dtype.name} and {b.dtype.name} are not the same dtype")


def _structure(value):
    if isinstance(value, dict):
        return ("dict", tuple((k, _structure(value[k])) for k in sorted(value)))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(_structure(v) for v in value))
    return "leaf"


def cond(pred, true_fn=None, false_fn=None, name=None):
    """Run `true_fn()` if `pred` else `false_fn()`; in graphs, an `If` op."""
    if not callable(true_fn):
        raise TypeError("true_fn must be callable.")
    if not callable(false_fn):
        raise TypeError("false_fn must be callable.")
    if _context.executing_eagerly():
        with name_scope(name, "cond", [pred]):
            value = pred if isinstance(pred, (bool, np.bool_)) else convert_to_tensor(pred)
            if isinstance(value, Tensor):
                if value.shape.rank not in (0, None) or value.dtype is not _dtypes.bool:
                    raise ValueError(f"The `pred` argument to tf.cond must be a scalar boolean "
                                     f"tensor, got {value!r}")
                value = bool(value.numpy())
            return true_fn() if value else false_fn()
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool", pred)
    with name_scope(name, "cond", [pred]) as scope:
        pred = convert_to_tensor(pred)
        if pred.dtype is not _dtypes.bool:
            raise TypeError(f"pred must be a boolean tensor, got {pred.dtype.name}")
        pred.shape.assert_is_compatible_with(TensorShape(()))
        graph_name = (scope or "cond/").replace("/", "_")
        true_body, _ = _trace(graph_name + "true", true_fn)
        false_body, _ = _trace(graph_name + "false", false_fn)
        _check_same_structure(true_body, false_body)
        inputs, then_index, else_index = _union_captures(true_body.graph, false_body.graph)
        stateful = any(op._opdef.stateful for body in (true_body, false_body)
                       for op in body.graph.get_operations())
        attrs = {"then_branch": true_body, "else_branch": false_body,
                 "then_index": then_index, "else_index": else_index,
                 "Tout": tuple(t.dtype for t in true_body.outputs)}
        outputs = apply(IF if stateful else STATELESS_IF, [pred] + inputs, attrs,
                        name=scope or "cond")
        outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs or [])
        return nest.pack_sequence_as(true_body.structure, outputs)


def _union_captures(*graphs):
    inputs, seen, indices = [], {}, []
    for graph in graphs:
        index = []
        for outside in graph.external_captures:
            if id(outside) not in seen:
                seen[id(outside)] = len(inputs)
                inputs.append(outside)
            index.append(seen[id(outside)])
        indices.append(tuple(index))
    return (inputs, *indices)


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The function of the first true predicate (or `default`), as nested conds."""
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else \
        list(pred_fn_pairs)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in pred_fn_pairs must be a 2-tuple. Received {pair}.")
        if not callable(pair[1]):
            raise TypeError("fn for pred %s must be callable." % pair[0].name
                            if hasattr(pair[0], "name") else "fn must be callable.")
    if default is None:
        if not pairs:
            raise ValueError("pred_fn_pairs must not be empty when default is None")
        *pairs, (_, default) = pairs
    with name_scope(name, "case", [p for p, _ in pairs]):
        result = default
        for pred, fn in reversed(pairs):
            result = (lambda p, f, otherwise: lambda: cond(p, f, otherwise))(pred, fn, result)
        return result()


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """`branch_fns[branch_index]()` (or `default` when out of range)."""
    if isinstance(branch_fns, dict):
        items = sorted(branch_fns.items())
    else:
        items = list(enumerate(branch_fns))
    for key, fn in items:
        if not callable(fn):
            raise TypeError(f"branch_fns[{key}] must be callable.")
    if default is None:
        default = items[-1][1]
    if _context.executing_eagerly():
        index = int(convert_to_tensor(branch_index).numpy())
        return dict(items).get(index, default)()
    with name_scope(name, "switch_case", [branch_index]):
        from tensorlite.ops import math_ops
        index = convert_to_tensor(branch_index)
        result = default
        for key, fn in reversed(items):
            result = (lambda k, f, otherwise: lambda: cond(math_ops.equal(index, k), f,
                                                           otherwise))(key, fn, result)
        return result()


# ---------------------------------------------------------------------- while_loop

def _while_kernel(*values, cond, body, num_loop_vars, cond_index, body_index,
                  maximum_iterations, T, shapes):
    loop_values = list(values[:num_loop_vars])
    captured = values[num_loop_vars:]
    iteration = 0
    while maximum_iterations is None or iteration < maximum_iterations:
        if not cond.run_arrays(loop_values + [captured[i] for i in cond_index])[0]:
            break
        new_values = body.run_arrays(loop_values + [captured[i] for i in body_index])
        for position, (value, shape) in enumerate(zip(new_values, shapes)):
            if not shape.is_compatible_with(np.shape(value)):
                raise errors.InvalidArgumentError(
                    None, None, f"Loop variable {position} has shape {np.shape(value)} after "
                    f"iteration {iteration + 1}, which is not compatible with its shape "
                    f"invariant {shape}")
        loop_values = list(new_values)
        iteration += 1
    return loop_values


def _while_shape(inputs, attrs):
    return list(attrs["shapes"])


def _while_grad(op, *output_grads):
    attrs = {key: op.get_attr(key) for key in ("cond", "body", "num_loop_vars", "cond_index",
                                               "body_index", "maximum_iterations", "T",
                                               "shapes")}
    attrs["input_dtypes"] = tuple(t.dtype for t in op.inputs)
    grads = apply(WHILE_GRAD, list(op.inputs) + list(output_grads), attrs, name="WhileGrad")
    grads = [grads] if isinstance(grads, Tensor) else list(grads)
    return [g if t.dtype.is_floating or t.dtype.is_complex else None
            for g, t in zip(grads, op.inputs)]


def _while_grad_kernel(*values, cond, body, num_loop_vars, cond_index, body_index,
                       maximum_iterations, T, shapes, input_dtypes):
    """Replay the loop eagerly under a tape and return d(outputs)/d(inputs)."""
    from tensorlite.autodiff.backprop import UnconnectedGradients
    from tensorlite.autodiff.tape import GradientTape
    count = len(input_dtypes)
    inputs, output_grads = values[:count], values[count:]
    with _context.eager_mode(), GradientTape() as tape:
        tensors = [EagerTensor(v, d) for v, d in zip(inputs, input_dtypes)]
        for tensor in tensors:
            if tensor.dtype.is_floating or tensor.dtype.is_complex:
                tape.watch(tensor)
        loop_vars = tensors[:num_loop_vars]
        captured = tensors[num_loop_vars:]
        iteration = 0
        while maximum_iterations is None or iteration < maximum_iterations:
            keep_going = cond.interpret(loop_vars + [captured[i] for i in cond_index])[0]
            if not bool(keep_going.numpy()):
                break
            loop_vars = body.interpret(loop_vars + [captured[i] for i in body_index])
            iteration += 1
        seeds = [EagerTensor(np.asarray(g), d) for g, d in zip(output_grads, T)]
        grads = tape.gradient(loop_vars, tensors, output_gradients=seeds,
                              unconnected_gradients=UnconnectedGradients.ZERO)
    return [np.asarray(g.numpy() if hasattr(g, "numpy") else convert_to_tensor(g).numpy())
            for g in grads]


WHILE = register(OpDef("While", _while_kernel, _while_shape, _while_grad,
                       inputs=("input: N*?",), outputs=lambda attrs, types: list(attrs["T"]),
                       stateful=True))
STATELESS_WHILE = register(OpDef("StatelessWhile", _while_kernel, _while_shape, _while_grad,
                                 inputs=("input: N*?",),
                                 outputs=lambda attrs, types: list(attrs["T"])))
WHILE_GRAD = register(OpDef(
    "WhileGrad", _while_grad_kernel,
    lambda inputs, attrs: [t.shape for t in inputs[:len(attrs["input_dtypes"])]],
    inputs=("input: N*?",), outputs=lambda attrs, types: list(attrs["input_dtypes"])))
not_differentiable("WhileGrad")


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """Repeat `body` while `cond` holds; loop_vars may be any nest of tensors."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    packed = isinstance(loop_vars, (list, tuple))
    structure = loop_vars if packed else (loop_vars,)
    if _context.executing_eagerly():
        values = structure
        iteration = 0
        limit = None if maximum_iterations is None else int(
            convert_to_tensor(maximum_iterations).numpy())
        while (limit is None or iteration < limit) and bool(_truth(cond(*values))):
            values = body(*values)
            if not packed and not isinstance(values, (list, tuple)):
                values = (values,)
            values = nest.pack_sequence_as(structure, nest.flatten(values))
            iteration += 1
        return values if packed else values[0]
    with name_scope(name, "while", nest.flatten(structure)) as scope:
        flat = [convert_to_tensor(v) for v in nest.flatten(structure)]
        if shape_invariants is not None:
            shapes = [TensorShape(s) for s in nest.flatten(
                shape_invariants if packed else (shape_invariants,))]
        else:
            shapes = [t.shape for t in flat]
        prefix = (scope or "while/").replace("/", "_")

        def call_cond(*args):
            return cond(*nest.pack_sequence_as(structure, list(args)))

        def call_body(*args):
            result = body(*nest.pack_sequence_as(structure, list(args)))
            if not packed and not isinstance(result, (list, tuple)):
                result = (result,)
            return result

        cond_body, _ = _trace(prefix + "cond", call_cond, flat, shapes)
        loop_body, _ = _trace(prefix + "body", call_body, flat, shapes)
        if len(loop_body.outputs) != len(flat):
            raise ValueError(f"The two structures don't have the same number of elements. "
                             f"loop_vars has {len(flat)}, body returned "
                             f"{len(loop_body.outputs)}")
        for i, (before, after, shape) in enumerate(zip(flat, loop_body.outputs, shapes)):
            if before.dtype is not after.dtype:
                raise TypeError(f"Loop variable {i} enters the loop with type {before.dtype!r}, "
                                f"but has type {after.dtype!r} after one iteration.")
            if not shape.is_compatible_with(after.shape):
                raise ValueError(
                    f"Input tensor '{before.name}' enters the loop with shape {before.shape}, "
                    f"but has shape {after.shape} after one iteration. To allow the shape to "
                    "vary across iterations, use the `shape_invariants` argument of "
                    "tf.while_loop to specify a less-specific shape.")
        captured, cond_index, body_index = _union_captures(cond_body.graph, loop_body.graph)
        limit = None
        if maximum_iterations is not None:
            from tensorlite.ops.shape_util import constant_value
            value = constant_value(convert_to_tensor(maximum_iterations))
            if value is None:
                raise ValueError("tensorlite's tf.while_loop needs maximum_iterations known "
                                 "while building the graph (a Python int or a constant)")
            limit = int(value)
        stateful = any(op._opdef.stateful for b in (cond_body, loop_body)
                       for op in b.graph.get_operations())
        attrs = {"cond": cond_body, "body": loop_body, "num_loop_vars": len(flat),
                 "cond_index": cond_index, "body_index": body_index,
                 "maximum_iterations": limit, "T": tuple(t.dtype for t in flat),
                 "shapes": tuple(shapes)}
        outputs = apply(WHILE if stateful else STATELESS_WHILE, flat + captured, attrs,
                        name=scope or "while")
        outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
        result = nest.pack_sequence_as(structure, outputs)
        return result if packed else result[0]


def _truth(value):
    if isinstance(value, Tensor):
        return bool(value.numpy())
    return bool(value)
