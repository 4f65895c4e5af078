"""Linear algebra: Einsum, diagonals (MatrixDiagV3, MatrixDiagPartV3, Diag, DiagPart),
MatrixInverse, and the composites built on them (tensordot, trace, norm, eye,
matrix_transpose). Kernel, shape rule, gradient and wrapper side by side.
"""
import collections
import string

import numpy as np

from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework import errors
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.dispatch import apply
from tensorlite.framework.registry import OpDef, register
from tensorlite.framework.scopes import name_scope
from tensorlite.framework.tensor import Tensor
from tensorlite.framework.tensor_shape import TensorShape
from tensorlite.ops import math_ops, shape_util
from tensorlite.ops.math_ops import as_tensor, matmul

__all__ = ["matmul", "matrix_transpose", "adjoint", "diag", "diag_part",
           "tensor_diag", "tensor_diag_part", "trace", "norm", "inv", "einsum", "tensordot",
           "eye"]

FLOATS = _dtypes.FLOATING_TYPES
COMPLEX = _dtypes.COMPLEX_TYPES
EINSUM_TYPES = FLOATS + COMPLEX + (_dtypes.int32, _dtypes.int64)
DIAG_TYPES = FLOATS + COMPLEX + (_dtypes.int32, _dtypes.int64)


def _dims_text(dims):
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


# ------------------------------------------------------------------ Einsum

def _split_equation(equation, num_inputs=None):
    """(input terms, output term, resolved equation); implicit outputs made explicit."""
    text = equation.replace(" ", "")
    lhs, arrow, out = text.partition("->")
    terms = lhs.split(",")
    if num_inputs is not None and len(terms) != num_inputs:
        raise ValueError(f'Got {num_inputs} inputs for equation "{equation}", expecting '
                         f"{len(terms)}")
    for term in terms + ([out] if arrow else []):
        if term.count("...") > 1 or not all(c.isalpha() for c in term.replace("...", "")):
            raise ValueError(f"Invalid einsum equation '{equation}'")
    if not arrow:
        # TF, unlike NumPy, puts no ellipsis into an implicit output.
        counts = collections.Counter(c for term in terms for c in term.replace("...", ""))
        out = "".join(sorted(c for c, n in counts.items() if n == 1))
    else:
        labels = out.replace("...", "")
        for c in labels:
            if labels.count(c) > 1:
                raise ValueError(f"Output subscripts contain a label appearing more than "
                                 f"once: {text}")
            if not any(c in term for term in terms):
                raise ValueError(f"Output subscripts contain the label {c} not present in "
                                 "the input subscripts.")
    return terms, out, ",".join(terms) + "->" + out


def _tokens(term):
    """A term's axis labels, with "..." as one token."""
    head, dots, tail = term.partition("...")
    return list(head) + (["..."] if dots else []) + list(tail)


def _label_axes(term, rank):
    """[(label, axis)] for the labelled axes of an input of `rank` (axes after an ellipsis
    are counted from the end)."""
    tokens = _tokens(term)
    if "..." not in tokens:
        return list(zip(tokens, range(len(tokens))))
    cut = tokens.index("...")
    tail = tokens[cut + 1:]
    return list(zip(tokens[:cut], range(cut))) + \
        [(c, rank - len(tail) + i) for i, c in enumerate(tail)]


def _einsum_kernel(*inputs, equation):
    terms, out, resolved = _split_equation(equation, len(inputs))
    sizes = {}
    batch = []
    for index, (term, value) in enumerate(zip(terms, inputs)):
        shape = np.shape(value)
        labelled = len(term.replace("...", ""))
        if ("..." in term and len(shape) < labelled) or \
                ("..." not in term and len(shape) != labelled):
            raise errors.InvalidArgumentError(
                None, None, f"Expected input {index} to have rank {labelled} but got: "
                f"{len(shape)}")
        for label, axis in _label_axes(term, len(shape)):
            expected = sizes.setdefault(label, shape[axis])
            if expected != shape[axis]:
                raise errors.InvalidArgumentError(
                    None, None, f"Expected dimension {expected} at axis {axis} of the input "
                    f"shaped {_dims_text(shape)} but got dimension {shape[axis]}")
        if "..." in term:
            cut = term.index("...")
            batch.append(shape[cut:cut + len(shape) - labelled])
    if batch:
        try:
            broadcast = np.broadcast_shapes(*batch)
        except ValueError:
            shapes = [np.shape(v) for v in inputs]
            raise errors.InvalidArgumentError(
                None, None, "In[0] and In[1] must have compatible batch dimensions: " +
                " vs. ".join(_dims_text(s) for s in shapes)) from None
        if broadcast and "..." not in out:
            raise errors.InvalidArgumentError(
                None, None, f"Output contains {len(broadcast)} broadcasting dimension(s) but "
                "no ellipsis (...) was found in the output subscripts.")
    dtype = inputs[0].dtype
    result = np.einsum(resolved, *inputs, optimize=len(inputs) > 1)
    return np.asarray(result, dtype=dtype) if np.ndim(result) else dtype.type(result)


def _einsum_shape(inputs, attrs):
    equation = attrs["equation"]
    terms, out, _ = _split_equation(equation, len(inputs))
    sizes = {}
    batch = TensorShape(())
    for index, (term, tensor) in enumerate(zip(terms, inputs)):
        dims = shape_util.dims(tensor.shape)
        labelled = len(term.replace("...", ""))
        if dims is None:
            if "..." in term:
                batch = None
            continue
        if ("..." not in term and len(dims) != labelled) or len(dims) < labelled:
            which = "rank" if "..." not in term else "at least rank"
            raise ValueError(f"Shape must be {which} {labelled} but is rank {len(dims)}\n\t "
                             f"for {index}th input and equation: {equation}")
        for label, axis in _label_axes(term, len(dims)):
            sizes[label] = shape_util.merge_dims(sizes.get(label), dims[axis])
        if "..." in term and batch is not None:
            cut = term.index("...")
            batch = shape_util.broadcast(batch, TensorShape(dims[cut:cut + len(dims) -
                                                                 labelled]))
            if batch.rank is None:
                batch = None
    if "..." not in out:
        if batch is not None and batch.rank:
            raise ValueError(f"Shape must be at most rank 0 but is rank {batch.rank}\n\t for "
                             f"einsum equation '{equation}' without ellipsis (...) in the "
                             "output subscripts where input(s) have non-empty broadcasting "
                             "shape")
        return TensorShape(tuple(sizes.get(c) for c in out))
    if batch is None:
        return shape_util.UNKNOWN
    head, _, tail = out.partition("...")
    return TensorShape(tuple(sizes.get(c) for c in head) + tuple(batch.as_list()) +
                       tuple(sizes.get(c) for c in tail))


def _einsum_grad(op, grad):
    terms, out, _ = _split_equation(op.get_attr("equation"))
    inputs = list(op.inputs)
    used = set("".join(terms) + out)
    fresh = iter(c for c in string.ascii_letters if c not in used)
    grads = []
    for k, x in enumerate(inputs):
        if not (x.dtype.is_floating or x.dtype.is_complex):
            grads.append(None)
            continue
        others = [t for j, t in enumerate(terms) if j != k]
        reachable = set(out.replace("...", "")).union(*(set(t.replace("...", ""))
                                                         for t in others))
        counts = collections.Counter(terms[k].replace("...", ""))
        axes = dict(_label_axes(terms[k], x.shape.rank or 0)) \
            if "..." not in terms[k] or x.shape.rank is not None else None
        new_term, helper_terms, helpers, seen = [], [], [], set()
        for token in _tokens(terms[k]):
            if token == "..." or (token not in seen and token in reachable):
                new_term.append(token)
            elif token in seen:
                # A repeated label (a diagonal): the gradient lives on that diagonal only.
                label = next(fresh)
                new_term.append(label)
                helper_terms.append(token + label)
                helpers.append(_eye(_label_dim(x, terms[k], token, axes), grad.dtype))
            else:
                # A label summed away in this input alone: the gradient is constant along it.
                new_term.append(token)
                if counts[token] == 1:
                    helper_terms.append(token)
                    helpers.append(_ones_like_dim(_label_dim(x, terms[k], token, axes),
                                                  grad.dtype))
            seen.add(token)
        equation = ",".join([out] + others + helper_terms) + "->" + "".join(new_term)
        operands = [grad] + [v for j, v in enumerate(inputs) if j != k] + helpers
        g = apply(EINSUM, operands, {"equation": equation}, name="Einsum")
        grads.append(math_ops.sum_to_shape_of(g, x) if "..." in terms[k] else g)
    return grads


def _label_dim(x, term, label, axes):
    if axes is None:
        raise ValueError(f"The gradient of einsum term '{term}' needs the input's rank")
    axis = axes[label]
    static = x.shape.as_list()[axis] if x.shape.rank is not None else None
    if static is not None:
        return static
    from tensorlite.ops import array_ops
    return array_ops.shape(x)[axis]


def _ones_like_dim(n, dtype):
    if isinstance(n, int):
        return convert_to_tensor(np.ones(n, dtype.as_numpy_dtype))
    from tensorlite.ops import array_ops
    return math_ops.cast(math_ops.greater_equal(array_ops.range(0, n), 0), dtype)


def _eye(n, dtype):
    if isinstance(n, int):
        return convert_to_tensor(np.eye(n, dtype=dtype.as_numpy_dtype))
    from tensorlite.ops import array_ops
    index = array_ops.range(0, n)
    return math_ops.cast(math_ops.equal(array_ops.reshape(index, [-1, 1]),
                                        array_ops.reshape(index, [1, -1])), dtype)


EINSUM = register(OpDef("Einsum", _einsum_kernel, _einsum_shape, _einsum_grad,
                        inputs=("inputs: N*T",), outputs=("T",),
                        type_attrs={"T": EINSUM_TYPES}))


def einsum(equation, *inputs, **kwargs):
    """Einstein summation. One Einsum op takes all operands (TF splits more than two into
    pairwise Einsum ops); an implicit output gets no ellipsis, as in TF."""
    name = kwargs.pop("name", None)
    kwargs.pop("optimize", None)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for einsum: {', '.join(kwargs)}. Valid "
                        "arguments: name, optimize, greedy.")
    with name_scope(name, "einsum", list(inputs)) as scope:
        _, _, resolved = _split_equation(equation, len(inputs))
        inputs = [as_tensor(v, "inputs") for v in inputs]
        return apply(EINSUM, inputs, {"equation": resolved}, name="Einsum" if scope else None)


# ------------------------------------------------------------------ tensordot

def _tensordot_axes(a, axes):
    rank = a.shape.rank
    if isinstance(axes, Tensor):
        value = shape_util.constant_value(axes)
        if value is None:
            raise ValueError("tensordot needs `axes` known while building the graph")
        axes = value.tolist()
    if isinstance(axes, (int, np.integer)) and not isinstance(axes, bool):
        if axes < 0:
            raise ValueError(f"`axes` must be at least 0. Received: {axes}.")
        if rank is not None and axes > rank:
            raise ValueError(f"`axes` must not be larger than the number of dimensions of "
                             f"tensor {a}.  Received {axes}, vs tensor dimensions {rank}.")
        return list(range(rank - axes, rank)), list(range(axes))
    if isinstance(axes, np.ndarray):
        axes = axes.tolist()
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
        a_axes, b_axes = axes
        if isinstance(a_axes, (int, np.integer)) and isinstance(b_axes, (int, np.integer)):
            a_axes, b_axes = [a_axes], [b_axes]
        a_axes, b_axes = list(a_axes), list(b_axes)
        if len(a_axes) != len(b_axes):
            raise ValueError(f"Different number of contraction axes `a` and `b`, "
                             f"{len(a_axes)} != {len(b_axes)}.")
        return a_axes, b_axes
    raise TypeError(f"`axes` must be an integer, a pair of lists or a tensor. Received "
                    f"{axes!r}.")


def _tensordot_unknown_rank(a, b, n, scope):
    """tensordot over the last `n` axes of a and the first `n` of b, for ranks known only
    at run time: both flattened to matrices around those axes, as TF's tensordot does."""
    from tensorlite.ops import array_ops, gather_scatter, reductions
    from tensorlite.ops.array_manip import concat
    shape_a, shape_b = array_ops.shape(a), array_ops.shape(b)
    rank_a, rank_b = array_ops.rank(a), array_ops.rank(b)
    free_a = gather_scatter.gather(shape_a, array_ops.range(0, rank_a - n))
    free_b = gather_scatter.gather(shape_b, array_ops.range(n, rank_b))
    summed = reductions.reduce_prod(gather_scatter.gather(shape_b, array_ops.range(0, n)))
    matrix_a = array_ops.reshape(a, array_ops.stack([reductions.reduce_prod(free_a), summed]))
    matrix_b = array_ops.reshape(b, array_ops.stack([summed, reductions.reduce_prod(free_b)]))
    return array_ops.reshape(matmul(matrix_a, matrix_b), concat([free_a, free_b], 0),
                             name=scope or "Tensordot")


def tensordot(a, b, axes, name=None):
    """Sum of products over `axes` of a and b; built as one Einsum op (TF uses
    Transpose/Reshape/MatMul), so inputs need a known rank."""
    with name_scope(name, "Tensordot", [a, b]) as scope:
        a = as_tensor(a, "a")
        b = convert_to_tensor(b, name="b")
        rank_a, rank_b = a.shape.rank, b.shape.rank
        if (rank_a is None or rank_b is None) and isinstance(axes, (int, np.integer)) and \
                not isinstance(axes, bool) and axes >= 0:
            return _tensordot_unknown_rank(a, b, int(axes), scope)
        a_axes, b_axes = _tensordot_axes(a, axes)
        if rank_a is None or rank_b is None:
            raise ValueError("tensordot with `axes` given as lists needs inputs of known "
                             "rank (an integer `axes` works with any)")
        a_axes = [int(i) % rank_a if rank_a else int(i) for i in a_axes]
        b_axes = [int(i) % rank_b if rank_b else int(i) for i in b_axes]
        letters = iter(string.ascii_letters)
        a_term = [next(letters) for _ in range(rank_a)]
        b_term = [next(letters) for _ in range(rank_b)]
        for i, j in zip(a_axes, b_axes):
            b_term[j] = a_term[i]
        out = [c for i, c in enumerate(a_term) if i not in a_axes] + \
            [c for j, c in enumerate(b_term) if j not in b_axes]
        equation = "".join(a_term) + "," + "".join(b_term) + "->" + "".join(out)
        return apply(EINSUM, (a, b), {"equation": equation}, name=scope or "Tensordot")


# ------------------------------------------------------------------ matrix diagonals

def _single_k(k):
    k = np.reshape(k, -1)
    if k.size == 0 or k.size > 2:
        raise errors.InvalidArgumentError(
            None, None, "diag_index must be a scalar or vector with 1 or 2 elements. It "
            f"has {k.size} elements.")
    if k.size == 2 and k[0] != k[1]:
        if k[0] > k[1]:
            raise errors.InvalidArgumentError(
                None, None, "lower_diag_index must not be larger than upper_diag_index: "
                f"{k[0]} > {k[1]}")
        raise errors.InvalidArgumentError(
            None, None, "tensorlite supports one diagonal (k = d or (d, d)), not a band "
            f"({k[0]}, {k[1]})")
    return int(k[0])


def _diag_dims(length, k, num_rows, num_cols):
    min_rows, min_cols = length + max(-k, 0), length + max(k, 0)
    if num_rows == -1 and num_cols == -1:
        num_rows = num_cols = max(min_rows, min_cols)
    elif num_rows == -1:
        num_rows = min_rows
    elif num_cols == -1:
        num_cols = min_cols
    if num_rows < min_rows:
        raise errors.InvalidArgumentError(None, None, "The number of rows is too small.")
    if num_cols < min_cols:
        raise errors.InvalidArgumentError(None, None, "The number of columns is too small.")
    if num_rows != min_rows and num_cols != min_cols:
        raise errors.InvalidArgumentError(
            None, None, "The number of rows or columns is not consistent with the specified "
            "d_lower, d_upper, and diagonal.")
    return num_rows, num_cols


def _diagonal_index(num_rows, num_cols, k):
    length = max(min(num_rows + min(k, 0), num_cols - max(k, 0)), 0)
    steps = np.arange(length)
    return steps + max(-k, 0), steps + max(k, 0)


def _matrix_diag_kernel(diagonal, k, num_rows, num_cols, padding_value, align="RIGHT_LEFT"):
    if np.ndim(diagonal) < 1:
        raise errors.InvalidArgumentError(
            None, None, "diagonal must be at least 1-dim, received shape: "
            f"{_dims_text(np.shape(diagonal))}")
    k = _single_k(k)
    length = np.shape(diagonal)[-1]
    rows, cols = _diag_dims(length, k, int(num_rows), int(num_cols))
    out = np.full(np.shape(diagonal)[:-1] + (rows, cols), padding_value, dtype=diagonal.dtype)
    r, c = _diagonal_index(rows, cols, k)
    out[..., r, c] = diagonal[..., :len(r)]
    return out


def _matrix_diag_shape(inputs, attrs):
    diagonal = inputs[0].shape
    if diagonal.rank is not None and diagonal.rank < 1:
        raise ValueError(f"Shape must be at least rank 1 but is rank {diagonal.rank}")
    values = [shape_util.constant_value(t) for t in inputs[1:4]]
    if diagonal.rank is None:
        return shape_util.UNKNOWN
    batch = diagonal.as_list()[:-1]
    length = diagonal.as_list()[-1]
    if any(v is None for v in values) or length is None or np.size(values[0]) != 1 and \
            len(set(np.reshape(values[0], -1).tolist())) != 1:
        return TensorShape(tuple(batch) + (None, None))
    k = int(np.reshape(values[0], -1)[0])
    try:
        rows, cols = _diag_dims(length, k, int(values[1]), int(values[2]))
    except errors.InvalidArgumentError as error:
        raise ValueError(error.message) from None
    return TensorShape(tuple(batch) + (rows, cols))


def _matrix_diag_part_kernel(input, k, padding_value, align="RIGHT_LEFT"):
    if np.ndim(input) < 2:
        raise errors.InvalidArgumentError(
            None, None, f"input must be at least 2-dim, received shape: "
            f"{_dims_text(np.shape(input))}")
    k = _single_k(k)
    rows, cols = np.shape(input)[-2:]
    if not -rows < k < cols and rows and cols:
        raise errors.InvalidArgumentError(
            None, None, f"lower_diag_index is out of bound: {k}. It must be between {-rows} "
            f"and {cols}")
    r, c = _diagonal_index(rows, cols, k)
    return np.ascontiguousarray(input[..., r, c])


def _matrix_diag_part_shape(inputs, attrs):
    shape = inputs[0].shape
    if shape.rank is None:
        return shape_util.UNKNOWN
    if shape.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {shape.rank}")
    dims = shape.as_list()
    k = shape_util.constant_value(inputs[1])
    rows, cols = dims[-2:]
    if k is None or rows is None or cols is None or len(set(np.reshape(k, -1).tolist())) != 1:
        return TensorShape(tuple(dims[:-2]) + (None,))
    k = int(np.reshape(k, -1)[0])
    return TensorShape(tuple(dims[:-2]) + (max(min(rows + min(k, 0), cols - max(k, 0)), 0),))


def _matrix_diag_grad(op, grad):
    return [diag_part(grad, k=op.inputs[1], name="MatrixDiagPartV3"), None, None, None, None]


def _matrix_diag_part_grad(op, grad):
    x = op.inputs[0]
    dims = x.shape.as_list()[-2:] if x.shape.rank is not None else [None, None]
    if None in dims:
        from tensorlite.ops import array_ops
        shape = array_ops.shape(x)
        dims = [shape[-2], shape[-1]]
    return [diag(grad, k=op.inputs[1], num_rows=dims[0], num_cols=dims[1],
                 name="MatrixDiagV3"), None, None]


MATRIX_DIAG = register(OpDef(
    "MatrixDiagV3", _matrix_diag_kernel, _matrix_diag_shape, _matrix_diag_grad,
    inputs=("diagonal: T", "k: int32", "num_rows: int32", "num_cols: int32",
            "padding_value: T"), outputs=("T",), type_attrs={"T": None},
    default_attrs={"align": "RIGHT_LEFT"}))
MATRIX_DIAG_PART = register(OpDef(
    "MatrixDiagPartV3", _matrix_diag_part_kernel, _matrix_diag_part_shape,
    _matrix_diag_part_grad, inputs=("input: T", "k: int32", "padding_value: T"),
    outputs=("T",), type_attrs={"T": None}, default_attrs={"align": "RIGHT_LEFT"}))


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT"):
    """A batch of matrices with `diagonal` on diagonal k (one diagonal; TF also takes a
    band k = (lo, hi))."""
    diagonal = as_tensor(diagonal, "diagonal")
    if diagonal.dtype is _dtypes.bool:
        padding_value = bool(padding_value)
    padding_value = _like(padding_value, diagonal)
    return apply(MATRIX_DIAG, (diagonal, k, num_rows, num_cols, padding_value),
                 {"align": align}, name=name or "diag")


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """Diagonal k of each innermost matrix (one diagonal, not a band)."""
    input = as_tensor(input, "input")
    if input.dtype is _dtypes.bool:
        padding_value = bool(padding_value)
    padding_value = _like(padding_value, input)
    return apply(MATRIX_DIAG_PART, (input, k, padding_value), {"align": align},
                 name=name or "diag_part")


def _like(value, tensor):
    """A Python scalar converted to tensor's dtype (tensors are left to the op's checks)."""
    return value if isinstance(value, Tensor) else convert_to_tensor(value, dtype=tensor.dtype)


def _tensor_diag_kernel(diagonal):
    shape = np.shape(diagonal)
    n = int(np.size(diagonal))
    out = np.zeros(n * n, dtype=diagonal.dtype)
    out[::n + 1] = np.reshape(diagonal, -1)
    return out.reshape(shape + shape)


def _tensor_diag_part_kernel(input):
    shape = np.shape(input)
    rank = len(shape)
    if rank % 2 or rank == 0:
        raise errors.InvalidArgumentError(
            None, None, f"The rank of the tensor should be even and positive, got shape "
            f"{_dims_text(shape)}")
    half = shape[:rank // 2]
    for i in range(rank // 2):
        if shape[i] != shape[i + rank // 2]:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid shape {_dims_text(shape)}: dimensions {i} and "
                f"{i + rank // 2} do not match.")
    n = int(np.prod(half, dtype=np.int64))
    return np.ascontiguousarray(np.reshape(input, (n, n)).diagonal()).reshape(half)


def _tensor_diag_shape(inputs, attrs):
    shape = inputs[0].shape
    return shape_util.UNKNOWN if shape.rank is None else shape.concatenate(shape)


def _tensor_diag_part_shape(inputs, attrs):
    shape = inputs[0].shape
    if shape.rank is None:
        return shape_util.UNKNOWN
    rank = shape.rank
    if rank % 2:
        raise ValueError(f"Input must have even rank <= 6, input rank is {rank}")
    dims = shape.as_list()
    return TensorShape(tuple(shape_util.merge_dims(dims[i], dims[i + rank // 2])
                             for i in range(rank // 2)))


TENSOR_DIAG = register(OpDef("Diag", _tensor_diag_kernel, _tensor_diag_shape,
                             lambda op, grad: [tensor_diag_part(grad)],
                             inputs=("diagonal: T",), outputs=("T",),
                             type_attrs={"T": DIAG_TYPES}))
TENSOR_DIAG_PART = register(OpDef("DiagPart", _tensor_diag_part_kernel, _tensor_diag_part_shape,
                                  lambda op, grad: [tensor_diag(grad)],
                                  inputs=("input: T",), outputs=("T",),
                                  type_attrs={"T": DIAG_TYPES}))


def tensor_diag(diagonal, name=None):
    return apply(TENSOR_DIAG, (diagonal,), name=name or "Diag")


def tensor_diag_part(input, name=None):
    return apply(TENSOR_DIAG_PART, (input,), name=name or "DiagPart")


def trace(x, name=None):
    """The sum of each innermost matrix's main diagonal."""
    with name_scope(name, "Trace", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return math_ops.reduce_sum(diag_part(x), [-1], name=scope or "Trace")


def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dtypes.float32, name=None):
    """An identity matrix (or a batch of them)."""
    dtype = _dtypes.as_dtype(dtype)
    with name_scope(name, "eye", [num_rows, num_columns, batch_shape]):
        rows = int(num_rows)
        cols = rows if num_columns is None else int(num_columns)
        batch = [] if batch_shape is None else [int(d) for d in batch_shape]
        ones = convert_to_tensor(np.ones(batch + [min(rows, cols)], dtype.as_numpy_dtype),
                                 name="ones")
        return diag(ones, num_rows=rows, num_cols=cols)


# ------------------------------------------------------------------ MatrixInverse

def _matrix_inverse_kernel(input, adjoint=False):
    shape = np.shape(input)
    if len(shape) < 2:
        raise errors.InvalidArgumentError(
            None, None, f"Input tensor 0 must have rank >= 2, got {len(shape)}")
    if shape[-1] != shape[-2]:
        raise errors.InvalidArgumentError(None, None, "Input matrix must be square.")
    if adjoint:
        input = np.conj(np.swapaxes(input, -1, -2))
    try:
        result = np.linalg.inv(input)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(None, None, "Input is not invertible.") from None
    if not np.all(np.isfinite(result)) and np.all(np.isfinite(input)):
        raise errors.InvalidArgumentError(None, None, "Input is not invertible.")
    return result.astype(input.dtype, copy=False)


def _square_matrix_shape(inputs, attrs):
    shape = inputs[0].shape
    if shape.rank is None:
        return shape_util.UNKNOWN
    if shape.rank < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {shape.rank}")
    dims = shape.as_list()
    size = shape_util.merge_dims(dims[-2], dims[-1])
    return TensorShape(tuple(dims[:-2]) + (size, size))


def _matrix_inverse_grad(op, grad):
    inverse = op.outputs[0]
    adj = op.get_attr("adjoint")
    inner = matmul(grad, inverse, adjoint_a=adj, adjoint_b=not adj)
    return [-matmul(inverse, inner, adjoint_a=not adj)]


MATRIX_INVERSE = register(OpDef("MatrixInverse", _matrix_inverse_kernel, _square_matrix_shape,
                                _matrix_inverse_grad, inputs=("input: T",), outputs=("T",),
                                type_attrs={"T": FLOATS + COMPLEX},
                                default_attrs={"adjoint": False}))


def inv(input, adjoint=False, name=None):
    return apply(MATRIX_INVERSE, (input,), {"adjoint": bool(adjoint)},
                 name=name or "MatrixInverse")


# ------------------------------------------------------------------ transpose, norm

def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swap the two innermost dimensions."""
    from tensorlite.ops import array_manip, array_ops
    with name_scope(name, "matrix_transpose", [a]):
        a = convert_to_tensor(a, name="a")
        rank = a.shape.rank
        if rank is not None:
            if rank < 2:
                raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  "
                                 f"Received `a` = {a} with shape: {a.shape}")
            perm = list(range(rank - 2)) + [rank - 1, rank - 2]
        else:
            a_rank = array_ops.rank(a)
            perm = array_manip.concat([array_ops.range(0, a_rank - 2),
                                       array_ops.stack([a_rank - 1, a_rank - 2])], 0)
        return array_manip.transpose(a, perm=perm, conjugate=conjugate)



def adjoint(matrix, name=None):
    with name_scope(name, "adjoint", [matrix]):
        return matrix_transpose(convert_to_tensor(matrix, name="matrix"), conjugate=True)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector and matrix norms: 'euclidean'/'fro', 1, 2, inf and positive p (vectors).

    The matrix 2-norm needs the input's rank statically (TF also handles an unknown rank).
    """
    from tensorlite.ops import array_manip, math_unary, reductions
    keepdims = bool(keepdims)
    is_matrix_norm = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix_norm:
        axis = tuple(axis)
        if not isinstance(axis[0], int) or not isinstance(axis[1], int) or \
                axis[0] == axis[1]:
            raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique "
                             f"integers, got {axis}")
        supported = ["euclidean", "fro", 1, 2, np.inf]
        if ord not in supported:
            raise ValueError(f"'ord' must be a supported matrix norm in {supported}, got "
                             f"{ord}")
    else:
        if not (isinstance(axis, int) or axis is None):
            raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique "
                             f"integers, got {axis}")
        if (isinstance(ord, str) or not np.isreal(ord) or ord <= 0) and \
                ord not in ["euclidean", 1, 2, np.inf]:
            raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
        if axis is not None:
            axis = (axis,)
    with name_scope(name, "norm", [tensor]):
        tensor = convert_to_tensor(tensor)
        if ord in ["fro", "euclidean", 2, 2.0]:
            if is_matrix_norm and ord in [2, 2.0]:
                return _matrix_2_norm(tensor, axis, keepdims)
            squares = tensor * math_unary.conj(tensor)
            result = math_unary.sqrt(math_ops.reduce_sum(
                squares, list(axis) if axis is not None else None, keepdims=True))
        else:
            result = math_ops.abs(tensor)
            if ord == 1:
                result = math_ops.reduce_sum(result, None if axis is None else axis[0],
                                             keepdims=True)
                if is_matrix_norm:
                    result = reductions.reduce_max(result, axis[-1], keepdims=True)
            elif ord == np.inf:
                if is_matrix_norm:
                    result = math_ops.reduce_sum(result, axis[1], keepdims=True)
                result = reductions.reduce_max(result, None if axis is None else axis[0],
                                               keepdims=True)
            else:
                result = math_ops.pow(
                    math_ops.reduce_sum(math_ops.pow(result, ord),
                                        list(axis) if axis is not None else None,
                                        keepdims=True), 1.0 / ord)
        if not keepdims:
            result = array_manip.squeeze(result, list(axis) if axis is not None else None)
        return result


def _matrix_2_norm(tensor, axis, keepdims):
    """The largest singular value over the two `axis` dimensions, as TF computes it: those
    axes moved last, an SVD without vectors, then the axes put back (size 1)."""
    from tensorlite.ops import array_manip, linalg_more, reductions
    rank = tensor.shape.rank
    if rank is None:
        raise ValueError("tensorlite needs a known rank for the matrix 2-norm (tf.norm with "
                         "ord=2 and a 2-tuple axis): give the tensor a static rank")
    positive = [a + rank if a < 0 else a for a in axis]
    perm_before = [a for a in range(rank) if a not in positive] + positive
    perm_after = [perm_before.index(a) for a in range(rank)]
    permed = array_manip.transpose(tensor, perm=perm_before)
    singular = math_ops.abs(linalg_more.svd(permed, compute_uv=False))
    largest = reductions.reduce_max(singular, axis=-1, keepdims=True)
    result = array_manip.transpose(array_manip.expand_dims(largest, -1), perm=perm_after)
    return result if keepdims else array_manip.squeeze(result, list(axis))


def norm_v1(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):
    """TF1's tf.norm, which also takes `keep_dims`."""
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
    return norm(tensor, ord, axis, keepdims if keepdims is not None else keep_dims, name)
