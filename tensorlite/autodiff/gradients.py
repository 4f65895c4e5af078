"""`tf.gradients` and `tf.hessians`: symbolic gradients built into a graph.

The records handed to the shared backprop are the graph's own Operations between the
sources and the targets; gradient ops are named under "gradients/<op>_grad/" as in TF.
"""
from tensorlite.autodiff import backprop as _backprop
from tensorlite.framework import context as _context
from tensorlite.framework import nest
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.scopes import name_scope


def gradients(ys, xs, grad_ys=None, name="gradients", gate_gradients=False,
              aggregation_method=None, stop_gradients=None,
              unconnected_gradients=_backprop.UnconnectedGradients.NONE):
    """Symbolic d(sum(ys))/d(xs) in the graph (TF1's tf.gradients)."""
    if _context.executing_eagerly():
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. "
                           "Use tf.GradientTape instead.")
    unconnected = _backprop.as_unconnected(unconnected_gradients)
    ys = [convert_to_tensor(y) for y in nest.flatten(ys)]
    xs_flat = nest.flatten(xs)
    keys = [x._tape_handle if hasattr(x, "_tape_handle") else convert_to_tensor(x)
            for x in xs_flat]
    stops = [] if stop_gradients is None else nest.flatten(stop_gradients)
    stop_ids = frozenset(id(convert_to_tensor(t)) for t in stops)
    with name_scope(name, "gradients", ys + keys) as scope:
        grad_ys = [None] * len(ys) if grad_ys is None else nest.flatten(grad_ys)
        if len(grad_ys) != len(ys):
            raise ValueError(f"Length mismatch. Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
        seeds = [_default_seed(y, i) if g is None else convert_to_tensor(g, dtype=y.dtype)
                 for i, (g, y) in enumerate(zip(grad_ys, ys))]
        records = _ops_between(keys, ys, stop_ids)

        def scope_for(op):
            return name_scope(op.name + "_grad")

        # Inputs fed by a source (or sources themselves) are the ones whose gradient counts.
        needed = {id(k) for k in keys}
        for record in records:
            needed.update(id(t) for t in record.outputs)
        grads = _backprop.backprop(records, ys, seeds, keys, unconnected, stop_ids,
                                   scope_for=scope_for, needed_ids=needed)
        del scope
    return grads


def _default_seed(y, index):
    """TF's default grad_ys: ones shaped like y, named "grad_ys_<i>"."""
    from tensorlite.ops import array_manip, array_ops
    if y.dtype.is_complex:
        raise TypeError(f"Gradients of complex tensors ({y}) must set grad_ys (y.dtype = "
                        f"{y.dtype!r})")
    return array_manip.ones(array_ops.shape(y), dtype=y.dtype, name=f"grad_ys_{index}")


class _CaptureRecord:
    """Backprop's view of a function-graph capture: the placeholder is the outside tensor."""

    type = "Capture"
    name = "capture"
    gradient_is_identity = True      # the outside tensor gets the placeholder's gradient
    array_grad = None

    def __init__(self, outside, placeholder):
        self.inputs = (outside,)
        self.outputs = (placeholder,)
        self.op_def = self

    @staticmethod
    def grad(record, dy):
        return [dy]


def _graph_depth(graph):
    depth = 0
    while getattr(graph, "outer_graph", None) is not None:
        graph, depth = graph.outer_graph, depth + 1
    return depth


def _capture_source(op):
    """The outside tensor a capture placeholder stands for, else None."""
    graph = op.graph
    captures = getattr(graph, "_captures", None)
    if op.type != "Placeholder" or not captures:
        return None
    placeholder = op.outputs[0]
    for outside, inside in captures.values():
        if inside is placeholder:
            return outside
    return None


def _ops_between(sources, targets, stop_ids):
    """The ops on a path from a source to a target, ordered so that inputs come first.

    Paths may cross into enclosing graphs through a function graph's captures (a gradient
    taken inside a tf.while_loop body or tf.function of a tensor computed outside).
    """
    reaches_target = {}
    stack = [t.op for t in targets]
    while stack:
        op = stack.pop()
        if id(op) in reaches_target:
            continue
        outside = _capture_source(op)
        if outside is not None and hasattr(outside, "op"):
            record = _CaptureRecord(outside, op.outputs[0])
            reaches_target[id(op)] = (record, (_graph_depth(op.graph), -1))
            if id(outside) not in stop_ids:
                stack.append(outside.op)
            continue
        reaches_target[id(op)] = (op, (_graph_depth(op.graph), op._id))
        for tensor in op.inputs:
            if id(tensor) not in stop_ids:
                stack.append(tensor.op)
    source_ids = {id(s) for s in sources}
    ordered = [record for record, _ in sorted(reaches_target.values(), key=lambda e: e[1])]
    fed_by_source = set()
    result = []
    for record in ordered:
        if any(id(t) in source_ids or id(t) in fed_by_source for t in record.inputs):
            fed_by_source.update(id(t) for t in record.outputs)
            result.append(record)
    return result


def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False,
             gate_gradients=False, aggregation_method=None):
    """Second derivatives of sum(ys) w.r.t. each x: shape x.shape + x.shape.

    One row per element of x, computed in a tf.while_loop, so x's shape may be unknown.
    """
    from tensorlite.ops import array_manip, array_ops
    from tensorlite.ops.control_flow import while_loop
    from tensorlite.framework import dtypes
    xs = nest.flatten(xs)
    results = []
    with name_scope(name, "hessians", xs):
        for x, grad in zip(xs, gradients(ys, xs)):
            if grad is None:
                results.append(None)
                continue
            flat = array_ops.reshape(grad, [-1])
            size = array_ops.size(x)

            def body(j, rows, flat=flat, x=x):
                row = gradients(flat[j], x)[0]
                if row is None:
                    row = array_manip.zeros_like(x)
                return j + 1, array_manip.concat([rows, array_ops.reshape(row, [1, -1])], 0)

            empty = array_manip.zeros(array_ops.stack([0, size]), dtype=x.dtype)
            _, rows = while_loop(lambda j, rows: j < size, body,
                                 [convert_to_tensor(0, dtype=dtypes.int32), empty],
                                 shape_invariants=[[], [None, None]])
            shape = array_ops.shape(x)
            results.append(array_ops.reshape(rows, array_manip.concat([shape, shape], 0)))
    return results
