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


def _variable_of_handle(tensor):
    """(dtype, shape) of the variable a resource input is the handle of, when its
    VarHandleOp says so; else None (the input then gets no gradient)."""
    if tensor.dtype is not _dtypes.resource:
        return None
    if isinstance(tensor, EagerTensor):     # an eager variable's handle (captured)
        storage = tensor._value
        dtype, shape = getattr(storage, "dtype", None), getattr(storage, "shape", None)
    else:
        op = tensor.op
        if op.type == "Placeholder" and isinstance(op.graph, FuncGraph):
            # A function's capture of a handle: the variable is the outside tensor's.
            outside = next((out for out, inside in op.graph.captures if inside is tensor),
                           None)
            return None if outside is None else _variable_of_handle(outside)
        if op.type != "VarHandleOp":
            return None
        dtype, shape = op.get_attr("dtype"), op.get_attr("shape")
    if dtype is None or shape is None:
        return None
    shape = TensorShape(shape)
    return (dtype, shape) if shape.is_fully_defined() else None


def _float_positions(inputs):
    """The inputs a branch's gradient is computed for: floats, and handles of variables the
    branches read (their gradient is the variable's, as for a read outside the cond)."""
    return [i for i, t in enumerate(inputs) if t.dtype.is_floating or t.dtype.is_complex or
            _variable_of_handle(t) is not None]


def _zero_gradient(tensor):
    from tensorlite.ops.array_manip import zeros, zeros_like
    variable = _variable_of_handle(tensor)
    if variable is not None:
        dtype, shape = variable
        return zeros(shape.as_list(), dtype)
    return zeros_like(tensor)


def _branch_gradient(inputs, branch, index, output_grads):
    """A function computing d(branch outputs)/d(float inputs and variable handles), to trace
    as a branch."""
    def compute():
        from tensorlite.autodiff.backprop import UnconnectedGradients
        from tensorlite.autodiff.tape import GradientTape
        from tensorlite.framework.indexed_slices import IndexedSlices
        from tensorlite.ops.array_ops import identity
        with GradientTape() as tape:
            proxies = [identity(inputs[i]) for i in index]
            for proxy in proxies:
                tape.watch(proxy)
            outputs = branch.interpret(proxies)
        grads = tape.gradient(outputs, proxies, output_gradients=list(output_grads))
        by_position = {}
        for i, grad in zip(index, grads):
            if grad is None:
                continue        # (unconnected: zeros below, of the variable's shape for a handle)
            if isinstance(grad, IndexedSlices):     # (a gather in the branch: both branches
                grad = convert_to_tensor(grad)      # must return dense gradients)
            grad = convert_to_tensor(grad)
            by_position[i] = by_position[i] + grad if i in by_position else grad
        return [by_position[i] if i in by_position else _zero_gradient(inputs[i])
                for i in _float_positions(inputs)]
    return compute


def _scatter_grads(count, positions, grads):
    result = [None] * count
    for position, grad in zip(positions, nest.flatten(grads)):
        result[position] = grad
    return result


def _if_grad(op, *output_grads):
    pred, inputs = op.inputs[0], list(op.inputs[1:])
    positions = _float_positions(inputs)
    if not positions:
        return [None] * len(op.inputs)
    grads = cond(pred,
                 _branch_gradient(inputs, op.get_attr("then_branch"), op.get_attr("then_index"),
                                  output_grads),
                 _branch_gradient(inputs, op.get_attr("else_branch"), op.get_attr("else_index"),
                                  output_grads))
    return [None] + _scatter_grads(len(inputs), positions, grads)


def _tout(attrs, types):
    return list(attrs["Tout"])


IF = register(OpDef("If", _if_kernel, _if_shape, _if_grad, inputs=("cond: Tcond", "input: N*?"),
                    outputs=_tout, type_attrs={"Tcond": None}, stateful=True))
STATELESS_IF = register(OpDef("StatelessIf", _if_kernel, _if_shape, _if_grad,
                              inputs=("cond: Tcond", "input: N*?"), outputs=_tout,
                              type_attrs={"Tcond": None}))


def _check_same_structure(true_body, false_body):
    def mismatch(details):
        return TypeError("true_fn and false_fn arguments to tf.cond must have the same number, "
                         "type, and overall structure of return values.\n\n"
                         f"true_fn output: {true_body.structure}\n"
                         f"false_fn output: {false_body.structure}\n\nError details:\n"
                         f"{details}")
    if _structure(true_body.structure) != _structure(false_body.structure):
        raise mismatch("The two structures don't have the same nested structure.")
    for a, b in zip(true_body.outputs, false_body.outputs):
        if a.dtype is not b.dtype:
            raise mismatch(f"{a} and {b} have different types")


def _structure(value):
    if isinstance(value, dict):
        return ("dict", tuple((k, _structure(value[k])) for k in sorted(value)))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(_structure(v) for v in value))
    return "leaf"


def cond(pred, true_fn=None, false_fn=None, name=None):
    """Run `true_fn()` if `pred` else `false_fn()`; in graphs, an `If` op."""
    if true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    if not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
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
        return nest.pack_sequence_as(true_body.structure, _identities(outputs))


def _identities(outputs):
    """TF's control flow v2 returns Identity ops on top of the If/Case/While outputs."""
    from tensorlite.ops.array_ops import identity
    return [identity(t) for t in outputs]


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
    """The function of the first true predicate (or `default`), as nested conds.

    Without a default, the last function runs when no predicate holds, after an assertion
    that one did (TF's behaviour); `exclusive=True` asserts at most one predicate holds.
    """
    from tensorlite.ops import debug_ops, math_ops, reductions
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else \
        list(pred_fn_pairs)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in pred_fn_pairs must be a 2-tuple. Received {pair}.")
        if not callable(pair[1]):
            raise TypeError("fn for pred %s must be callable." % getattr(pair[0], "name", pair[0]))
    if not pairs:
        if default is None:
            raise ValueError("pred_fn_pairs must not be empty when default is None")
        return default()
    with name_scope(name, "case", [p for p, _ in pairs]):
        preds = [convert_to_tensor(p) for p, _ in pairs]
        checks = []
        names = ", ".join(getattr(p, "name", "pred") if not _context.executing_eagerly()
                          else "pred" for p in preds)
        count = reductions.reduce_sum(
            [math_ops.cast(p, _dtypes.int32) for p in preds]) if len(preds) > 1 else \
            math_ops.cast(preds[0], _dtypes.int32)
        if exclusive:
            checks.append(debug_ops.Assert(
                math_ops.less_equal(count, 1),
                [f"Input error: exclusive=True: more than 1 conditions ({names}) evaluated "
                 "as True:"] + preds))
        fns = [fn for _, fn in pairs]
        if default is None:
            checks.append(debug_ops.Assert(
                math_ops.greater(count, 0),
                [f"None of conditions evaluated as True. Conditions: ({names}), Values:"] +
                preds))
            preds, default = preds[:-1], fns[-1]
            fns = fns[:-1]
        result = default
        for pred, fn in reversed(list(zip(preds, fns))):
            result = (lambda p, f, otherwise: lambda: cond(p, f, otherwise))(pred, fn, result)
        if _context.executing_eagerly():
            return result()
        from tensorlite.framework.scopes import control_dependencies
        with control_dependencies([c for c in checks if c is not None]):
            return nest.map_structure(_gate, result())


def _gate(value):
    from tensorlite.ops.array_ops import identity
    return identity(value) if isinstance(value, Tensor) else value


def _case_kernel(index, *values, branches, indices, Tout):
    chosen = int(index)
    if not 0 <= chosen < len(branches) - 1:
        chosen = len(branches) - 1          # the last branch is the default
    return branches[chosen].run_arrays([values[i] for i in indices[chosen]])


def _case_shape(inputs, attrs):
    branches = attrs["branches"]
    shapes = [t.shape for t in branches[0].outputs]
    for branch in branches[1:]:
        shapes = [a.most_specific_compatible_shape(b.shape)
                  for a, b in zip(shapes, branch.outputs)]
    return shapes


def _case_grad(op, *output_grads):
    index, inputs = op.inputs[0], list(op.inputs[1:])
    grads_by_branch = [_branch_gradient(inputs, branch, indices, output_grads)
                       for branch, indices in zip(op.get_attr("branches"),
                                                  op.get_attr("indices"))]
    positions = _float_positions(inputs)
    if not positions:
        return [None] * len(op.inputs)
    grads = switch_case(index, grads_by_branch[:-1], default=grads_by_branch[-1])
    return [None] + _scatter_grads(len(inputs), positions, grads)


CASE = register(OpDef("Case", _case_kernel, _case_shape, _case_grad,
                      inputs=("branch_index: int32", "input: N*?"), outputs=_tout,
                      stateful=True))
STATELESS_CASE = register(OpDef("StatelessCase", _case_kernel, _case_shape, _case_grad,
                                inputs=("branch_index: int32", "input: N*?"), outputs=_tout))


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """`branch_fns[branch_index]()`, or `default` (else the last branch) when out of range."""
    if not isinstance(branch_index, Tensor):
        raise TypeError(f"'branch_index' must be a Tensor, got {type(branch_index)}")
    if not branch_index.dtype.is_integer:
        raise TypeError(f"'branch_index' must be an integer Tensor, got {branch_index.dtype}")
    if isinstance(branch_fns, dict):
        keys = sorted(branch_fns)
        if keys != list(range(len(keys))):
            raise ValueError("branch_fns dict keys must be 0, 1, ..., N-1")
        fns = [branch_fns[k] for k in keys]
    else:
        fns = list(branch_fns)
    if not fns:
        raise ValueError("Must provide at least one item in `branch_fns`")
    for key, fn in enumerate(fns):
        if not callable(fn):
            raise TypeError(f"br_fn[{key}] must be callable.")
    if default is None:
        default = fns[-1]
        fns = fns[:-1]
    if _context.executing_eagerly():
        index = int(branch_index.numpy())
        return fns[index]() if 0 <= index < len(fns) else default()
    with name_scope(name, "switch_case", [branch_index]) as scope:
        prefix = (scope or "switch_case/").replace("/", "_")
        bodies = [_trace(f"{prefix}branch{i}", fn)[0] for i, fn in enumerate(fns + [default])]
        for body in bodies[1:]:
            _check_same_structure(bodies[0], body)
        inputs, *indices = _union_captures(*[b.graph for b in bodies])
        stateful = any(op._opdef.stateful for b in bodies for op in b.graph.get_operations())
        from tensorlite.ops.math_ops import cast
        attrs = {"branches": bodies, "indices": tuple(indices),
                 "Tout": tuple(t.dtype for t in bodies[0].outputs)}
        outputs = apply(CASE if stateful else STATELESS_CASE,
                        [cast(branch_index, _dtypes.int32)] + inputs, attrs,
                        name=scope or "switch_case")
        outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs or [])
        return nest.pack_sequence_as(bodies[0].structure, _identities(outputs))


# ---------------------------------------------------------------------- while_loop

def _while_kernel(*values, cond, body, num_loop_vars, cond_index, body_index,
                  has_maximum_iterations, T, shapes):
    maximum_iterations = int(values[-1]) if has_maximum_iterations else None
    if has_maximum_iterations:
        values = values[:-1]
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


def _variable_spec(bodies_and_indices, union_position, num_loop_vars):
    """(dtype, shape) of the variable a captured resource handle reads, else None."""
    for body, index in bodies_and_indices:
        for k, position in enumerate(index):
            if position != union_position:
                continue
            placeholder = body.graph.inputs[num_loop_vars + k]
            for consumer in placeholder.consumers():
                if consumer.type in ("ReadVariableOp", "ResourceGather"):
                    return consumer.get_attr("dtype"), consumer.get_attr("_shape")
    return None


def _while_grad(op, *output_grads):
    attrs = {key: op.get_attr(key) for key in ("cond", "body", "num_loop_vars", "cond_index",
                                               "body_index", "has_maximum_iterations", "T",
                                               "shapes")}
    count = len(op.inputs) - (1 if attrs["has_maximum_iterations"] else 0)
    specs = []
    for position, tensor in enumerate(op.inputs):
        spec = (tensor.dtype, tensor.shape)
        if tensor.dtype is _dtypes.resource and position < count:
            # A variable read in the loop: its gradient has the variable's dtype and shape.
            spec = _variable_spec([(attrs["body"], attrs["body_index"]),
                                   (attrs["cond"], attrs["cond_index"])],
                                  position - attrs["num_loop_vars"], attrs["num_loop_vars"]) \
                or spec
        specs.append(spec)
    attrs["input_dtypes"] = tuple(t.dtype for t in op.inputs)
    attrs["output_specs"] = tuple(specs)
    grads = apply(WHILE_GRAD, list(op.inputs) + list(output_grads), attrs, name="WhileGrad")
    grads = [grads] if isinstance(grads, Tensor) else list(grads)
    return [g if spec[0].is_floating or spec[0].is_complex or spec[0] is _dtypes.variant
            else None for g, spec in zip(grads, specs)]


def _while_grad_kernel(*values, cond, body, num_loop_vars, cond_index, body_index,
                       has_maximum_iterations, T, shapes, input_dtypes, output_specs):
    """Replay the loop eagerly under a tape and return d(outputs)/d(inputs)."""
    from tensorlite.autodiff.tape import GradientTape
    count = len(input_dtypes)
    inputs, output_grads = values[:count], values[count:]
    maximum_iterations = int(inputs[-1]) if has_maximum_iterations else None
    if has_maximum_iterations:
        inputs, input_dtypes = inputs[:-1], input_dtypes[:-1]
    with _context.eager_mode(), GradientTape() as tape:
        tensors = [EagerTensor(v, d) for v, d in zip(inputs, input_dtypes)]
        for tensor, (dtype, _) in zip(tensors, output_specs):
            # Float inputs, variable handles whose reads we differentiate, and TensorLists
            # (variants: TensorArrays), whose gradients are lists of their elements' ones.
            if dtype.is_floating or dtype.is_complex or dtype is _dtypes.variant:
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
        seeds = [EagerTensor(g if d is _dtypes.variant else np.asarray(g), d)
                 for g, d in zip(output_grads, T)]
        grads = tape.gradient(loop_vars, tensors, output_gradients=seeds)
        # Densify IndexedSlices (from gathers in the body) while still executing eagerly;
        # unconnected inputs get zeros of the gradient's dtype and shape.
        result = []
        for grad, tensor, (dtype, shape) in zip(grads, tensors, output_specs):
            if dtype is _dtypes.variant:
                from tensorlite.ops import tensor_list_ops
                result.append(tensor_list_ops.zeros_like_list(tensor)._value if grad is None
                              else grad._value)
            elif grad is None:
                zero_shape = np.shape(tensor._value) if dtype is tensor.dtype else \
                    shape.as_list()
                result.append(np.zeros(zero_shape, dtype.as_numpy_dtype)
                              if dtype.is_numpy_compatible else np.zeros(()))
            else:
                result.append(np.asarray(grad.numpy() if hasattr(grad, "numpy") else
                                         convert_to_tensor(grad).numpy()))
    if has_maximum_iterations:
        result.append(np.zeros((), np.int32))
    return result


WHILE = register(OpDef("While", _while_kernel, _while_shape, _while_grad,
                       inputs=("input: N*?",), outputs=lambda attrs, types: list(attrs["T"]),
                       stateful=True))
STATELESS_WHILE = register(OpDef("StatelessWhile", _while_kernel, _while_shape, _while_grad,
                                 inputs=("input: N*?",),
                                 outputs=lambda attrs, types: list(attrs["T"])))
WHILE_GRAD = register(OpDef(
    "WhileGrad", _while_grad_kernel,
    lambda inputs, attrs: [shape for _, shape in attrs["output_specs"]],
    inputs=("input: N*?",), outputs=lambda attrs, types: [d for d, _ in attrs["output_specs"]]))
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
    if _context.executing_eagerly():   # (eager TensorArrays are Python lists: kept as they are)
        values = nest.map_structure(
            lambda v: convert_to_tensor(v) if isinstance(v, (int, float, bool, np.ndarray))
            else v, structure)
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
    # A TensorArray loop variable travels as its flow (TF's while_v2 does the same): the
    # loop sees TensorArrays rebuilt around its flow placeholders and returns their flows.
    from tensorlite.ops import tensor_array_ops
    originals, structure = structure, tensor_array_ops.to_flows(structure)
    with name_scope(name, "while", nest.flatten(structure)) as scope:
        flat = [convert_to_tensor(v) for v in nest.flatten(structure)]
        if shape_invariants is not None:
            shapes = [TensorShape(s) for s in nest.flatten(
                shape_invariants if packed else (shape_invariants,))]
        else:
            shapes = [t.shape for t in flat]
        prefix = (scope or "while/").replace("/", "_")

        def loop_vars_of(args):
            return tensor_array_ops.from_flows(originals,
                                               nest.pack_sequence_as(structure, list(args)))

        def call_cond(*args):
            return cond(*loop_vars_of(args))

        def call_body(*args):
            result = body(*loop_vars_of(args))
            if len(structure) == 1 and not isinstance(result, (list, tuple)):
                result = type(structure)([result])   # one loop var: a bare tensor is fine
            return tensor_array_ops.to_flows(result)

        cond_body, _ = _trace(prefix + "cond", call_cond, flat, shapes)
        loop_body, _ = _trace(prefix + "body", call_body, flat, shapes)
        if _structure(loop_body.structure) != _structure(structure):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {structure}\n\nSecond structure: "
                             f"{loop_body.structure}")
        for i, (before, after, shape) in enumerate(zip(flat, loop_body.outputs, shapes)):
            if before.dtype is not after.dtype:
                raise TypeError(f"Loop var {before.name} enters the loop with type "
                                f"{before.dtype} but has type {after.dtype} after 1 iteration. "
                                f"All loop vars must have a fixed type.")
            if not shape.is_compatible_with(after.shape):
                raise ValueError(
                    f"Input tensor `{before.name}` enters the loop with shape {before.shape}, "
                    f"but has shape {after.shape} after one iteration. To allow the shape to "
                    "vary across iterations, use the `shape_invariants` argument of "
                    "tf.while_loop to specify a less-specific shape.")
        captured, cond_index, body_index = _union_captures(cond_body.graph, loop_body.graph)
        # maximum_iterations, if given, is the While op's last input (it may be fed).
        extra = [] if maximum_iterations is None else [convert_to_tensor(maximum_iterations)]
        stateful = any(op._opdef.stateful for b in (cond_body, loop_body)
                       for op in b.graph.get_operations())
        attrs = {"cond": cond_body, "body": loop_body, "num_loop_vars": len(flat),
                 "cond_index": cond_index, "body_index": body_index,
                 "has_maximum_iterations": bool(extra), "T": tuple(t.dtype for t in flat),
                 "shapes": tuple(shapes)}
        outputs = apply(WHILE if stateful else STATELESS_WHILE, flat + captured + extra,
                        attrs, name=scope or "while")
        outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
        result = tensor_array_ops.from_flows(
            originals, nest.pack_sequence_as(structure, _identities(outputs)))
        return result if packed else result[0]


def _truth(value):
    if isinstance(value, Tensor):
        return bool(value.numpy())
    return bool(value)
