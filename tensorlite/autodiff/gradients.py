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
    keys = [getattr(x, "_tape_handle", None) or convert_to_tensor(x) for x in xs_flat]
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

        grads = _backprop.backprop(records, ys, seeds, keys, unconnected, stop_ids,
                                   scope_for=scope_for)
        del scope
    return grads


def _default_seed(y, index):
    """TF's default grad_ys: ones shaped like y, named "grad_ys_<i>"."""
    from tensorlite.ops import array_manip, array_ops
    if y.dtype.is_complex:
        raise TypeError(f"Gradients of complex tensors ({y}) must set grad_ys (y.dtype = "
                        f"{y.dtype!r})")
    return array_manip.ones(array_ops.shape(y), dtype=y.dtype, name=f"grad_ys_{index}")


def _ops_between(sources, targets, stop_ids):
    """The ops that lie on a path from a source to a target, in creation order."""
    reaches_target = {}
    stack = [t.op for t in targets]
    while stack:
        op = stack.pop()
        if id(op) in reaches_target:
            continue
        reaches_target[id(op)] = op
        for tensor in op.inputs:
            if id(tensor) not in stop_ids:
                stack.append(tensor.op)
    source_ids = {id(s) for s in sources}
    fed_by_source = set()
    ordered = sorted(reaches_target.values(), key=lambda op: op._id)
    result = []
    for op in ordered:
        if any(id(t) in source_ids or id(t.op) in fed_by_source for t in op.inputs):
            fed_by_source.add(id(op))
            result.append(op)
    return result


def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False,
             gate_gradients=False, aggregation_method=None):
    """Second derivatives of sum(ys) w.r.t. each x: shape x.shape + x.shape."""
    from tensorlite.ops import array_ops
    xs = nest.flatten(xs)
    results = []
    with name_scope(name, "hessians", xs):
        for x, grad in zip(xs, gradients(ys, xs)):
            if grad is None:
                results.append(None)
                continue
            shape = x.shape.as_list()
            if any(d is None for d in shape):
                raise ValueError(f"tf.hessians in tensorlite needs a fully defined shape for "
                                 f"{x.name}, got {x.shape}")
            flat = array_ops.reshape(grad, [-1])
            rows = [gradients(flat[i], x)[0] for i in range(int(flat.shape[0]))]
            rows = [r if r is not None else array_ops.reshape(flat[0] * 0, []) for r in rows]
            results.append(array_ops.reshape(array_ops.stack(rows), shape + shape))
    return results
