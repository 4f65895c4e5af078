"""TensorFlow's `tf.TensorShape` and `tf.compat.v1.Dimension` (TF2 semantics)."""
import math


def _bad_dimension(value):
    """TF's TypeError for a value that cannot be a dimension."""
    return TypeError("Dimension value must be integer or None or have an __index__ method, "
                     f"got value '{value!r}' with type '{type(value)!r}'")


def _dim_value(value):
    """Validate one dimension and return it as an int (>= 0) or None."""
    if isinstance(value, int):  # int (and bool, which TF keeps as is)
        if value < 0:
            raise ValueError("Dimension %d must be >= 0" % value)
        return value
    if value is None:
        return None
    if isinstance(value, Dimension):
        return value._value
    try:
        value = int(value.__index__())  # NumPy integers and other int-likes
    except AttributeError:
        raise _bad_dimension(value) from None
    if value < 0:
        raise ValueError("Dimension %d must be >= 0" % value)
    return value


class Dimension:
    """The size of one dimension of a shape, or unknown (None)."""

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = _dim_value(value)

    @property
    def value(self):
        """The size as an int, or None if unknown."""
        return self._value

    def __repr__(self):
        return "Dimension(%r)" % (self._value,)

    def __str__(self):
        return "?" if self._value is None else str(self._value)

    # Comparisons are three-valued as in TF: None when either side is unknown.
    def __eq__(self, other):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other._value is None:
            return None
        return self._value == other._value

    def __ne__(self, other):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other._value is None:
            return None
        return self._value != other._value

    __hash__ = None  # TF's Dimension is unhashable (it defines __eq__ only).

    def _compare(self, other, op):
        """Apply `op` to the known values, or return None if either is unknown."""
        other = as_dimension(other)
        if self._value is None or other._value is None:
            return None
        return op(self._value, other._value)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __bool__(self):
        return bool(self._value)

    def __int__(self):
        return self._value

    def __index__(self):
        return self._value

    def is_compatible_with(self, other):
        """True if either dimension is unknown or both have the same value."""
        other = as_dimension(other)
        return self._value is None or other._value is None or self._value == other._value

    def assert_is_compatible_with(self, other):
        """Raise ValueError unless `other` is compatible with this dimension."""
        if not self.is_compatible_with(other):
            raise ValueError("Dimensions %s and %s are not compatible" % (self, other))

    def merge_with(self, other):
        """The more specific of two compatible dimensions; ValueError if they conflict."""
        other = as_dimension(other)
        self.assert_is_compatible_with(other)
        return Dimension(other._value if self._value is None else self._value)

    # Arithmetic: an unknown operand makes the result unknown.
    def _arith(self, other, op, reflected=False):
        """Apply `op` to the values; forward operators give up on unconvertible operands."""
        if reflected:
            other = as_dimension(other)
        else:
            try:
                other = as_dimension(other)
            except (TypeError, ValueError):
                return NotImplemented
        if self._value is None or other._value is None:
            return Dimension(None)
        if reflected:
            return Dimension(op(other._value, self._value))
        return Dimension(op(self._value, other._value))

    def __add__(self, other):
        return self._arith(other, lambda a, b: a + b)

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self._arith(other, lambda a, b: a - b)

    def __rsub__(self, other):
        return self._arith(other, lambda a, b: a - b, reflected=True)

    def __mul__(self, other):
        return self._arith(other, lambda a, b: a * b)

    def __rmul__(self, other):
        return self * other

    def __floordiv__(self, other):
        return self._arith(other, lambda a, b: a // b)

    def __rfloordiv__(self, other):
        return self._arith(other, lambda a, b: a // b, reflected=True)

    def __mod__(self, other):
        # TF's __mod__ converts eagerly (no NotImplemented fallback).
        other = as_dimension(other)
        return self._arith(other, lambda a, b: a % b)

    def __rmod__(self, other):
        return as_dimension(other) % self

    def __truediv__(self, other):
        raise TypeError("unsupported operand type(s) for /: 'Dimension' and '{}', "
                        "please use // instead".format(type(other).__name__))

    def __rtruediv__(self, other):
        raise TypeError("unsupported operand type(s) for /: '{}' and 'Dimension', "
                        "please use // instead".format(type(other).__name__))

    def __reduce__(self):
        return Dimension, (self._value,)


def as_dimension(value):
    """Return `value` if it is a Dimension, else Dimension(value)."""
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dimension):
    """The int/None value of a Dimension, int or None."""
    return dimension._value if isinstance(dimension, Dimension) else dimension


def dimension_at_index(shape, index):
    """The Dimension at `index` of `shape` (Dimension(None) if the rank is unknown)."""
    assert isinstance(shape, TensorShape)
    if shape._dims is None:
        return Dimension(None)
    return Dimension(list(shape._dims)[index])


def _shape_tuple(dims):
    """Convert a list/tuple of dimension-likes to a tuple of int-or-None."""
    dims = tuple(dims)
    for d in dims:  # fast path: already plain non-negative ints / None
        if type(d) is not int:
            if d is None:
                continue
            return tuple(_dim_value(x) for x in dims)
        if d < 0:
            raise ValueError("Dimension %d must be >= 0" % d)
    return dims


class TensorShape:
    """The static shape of a tensor: unknown rank (None) or a tuple of int-or-None."""

    __slots__ = ("_dims",)

    def __init__(self, dims):
        if type(dims) is tuple:  # the hot path: validate plain ints inline, no copy
            for d in dims:
                if type(d) is not int or d < 0:
                    if d is not None:
                        dims = _shape_tuple(dims)
                        break
            self._dims = dims
        elif type(dims) is list:
            self._dims = _shape_tuple(dims)
        elif dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif isinstance(dims, (tuple, list)):
            self._dims = _shape_tuple(dims)
        else:
            try:
                items = iter(dims)
            except TypeError:
                self._dims = (_dim_value(dims),)  # a single dimension
                return
            values = []
            for d in items:
                try:
                    values.append(_dim_value(d))
                except TypeError as e:
                    raise TypeError(
                        "Failed to convert '{0!r}' to a shape: '{1!r}'"
                        "could not be converted to a dimension. A shape should "
                        "either be single dimension (e.g. 10), or an iterable of "
                        "dimensions (e.g. [1, 10, None]).".format(dims, d)) from e
            self._dims = tuple(values)

    @classmethod
    def _from_tuple(cls, dims):
        """Internal fast constructor: `dims` is a trusted tuple of int-or-None, or None."""
        shape = object.__new__(cls)
        shape._dims = dims
        return shape

    def __repr__(self):
        if self._dims is None:
            return "TensorShape(None)"
        return f"TensorShape({list(self._dims)})"

    def __str__(self):
        dims = self._dims
        if dims is None:
            return "<unknown>"
        if len(dims) == 1:
            return "(%s,)" % (dims[0],)
        return "(%s)" % ", ".join(str(d) for d in dims)

    @property
    def rank(self):
        """The number of dimensions, or None if unknown."""
        return None if self._dims is None else len(self._dims)

    ndims = rank

    @property
    def dims(self):
        """Deprecated: a list of Dimension objects (as in TF 2.21), or None."""
        if self._dims is None:
            return None
        return [Dimension(d) for d in self._dims]

    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __bool__(self):
        # Any known rank counts as information, even a scalar shape.
        return self._dims is not None

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)

    def __getitem__(self, key):
        dims = self._dims
        if dims is not None:
            if isinstance(key, slice):
                return TensorShape._from_tuple(dims[key])
            return dims[key]
        if not isinstance(key, slice):
            return None
        # Slicing an unknown shape: only [a:b] with non-negative bounds gives a rank.
        start = 0 if key.start is None else key.start
        if key.step is not None:
            raise ValueError("Steps are not yet handled")
        if key.stop is None or start < 0 or key.stop < 0:
            return TensorShape._from_tuple(None)
        return unknown_shape(rank=key.stop - start)

    def num_elements(self):
        """Product of the dimensions, or None unless fully defined."""
        if self.is_fully_defined():
            return math.prod(self._dims)
        return None

    def merge_with(self, other):
        """Combine two compatible shapes, keeping known dims; ValueError on conflict."""
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if len(self._dims) != len(other._dims):
            raise ValueError("Shapes %s and %s are not compatible" % (self, other))
        merged = []
        for a, b in zip(self._dims, other._dims):
            if a is None:
                merged.append(b)
            elif b is None or a == b:
                merged.append(a)
            else:
                raise ValueError("Shapes %s and %s are not compatible" % (self, other))
        return TensorShape._from_tuple(tuple(merged))

    def __add__(self, other):
        return self.concatenate(other)

    def __radd__(self, other):
        return as_shape(other).concatenate(self)

    def concatenate(self, other):
        """The dims of `self` followed by those of `other`; unknown if either is unknown."""
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return TensorShape._from_tuple(None)
        return TensorShape._from_tuple(self._dims + other._dims)

    def assert_same_rank(self, other):
        """Raise ValueError if both ranks are known and differ."""
        other = as_shape(other)
        if self._dims is not None and other._dims is not None:
            if len(self._dims) != len(other._dims):
                raise ValueError("Shapes %s and %s must have the same rank" % (self, other))

    def assert_has_rank(self, rank):
        """Raise ValueError if the rank is known and is not `rank`."""
        if self.rank not in (None, rank):
            raise ValueError("Shape %s must have rank %d" % (self, rank))

    def with_rank(self, rank):
        """This shape with the given rank (giving an unknown shape that rank)."""
        try:
            return self.merge_with(unknown_shape(rank=rank))
        except ValueError:
            raise ValueError("Shape %s must have rank %d" % (self, rank)) from None

    def with_rank_at_least(self, rank):
        """Self, or ValueError if the rank is known and below `rank`."""
        if self._dims is not None and len(self._dims) < rank:
            raise ValueError("Shape %s must have rank at least %d" % (self, rank))
        return self

    def with_rank_at_most(self, rank):
        """Self, or ValueError if the rank is known and above `rank`."""
        if self._dims is not None and len(self._dims) > rank:
            raise ValueError("Shape %s must have rank at most %d" % (self, rank))
        return self

    def is_compatible_with(self, other):
        """True iff some fully defined shape is represented by both shapes."""
        other = as_shape(other)
        a, b = self._dims, other._dims
        if a is None or b is None:
            return True
        if len(a) != len(b):
            return False
        for x, y in zip(a, b):
            if x is not None and y is not None and x != y:
                return False
        return True

    def assert_is_compatible_with(self, other):
        """Raise ValueError unless `other` is compatible with this shape."""
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are incompatible" % (self, other))

    def most_specific_compatible_shape(self, other):
        """The most specific shape compatible with both (mismatched dims become None)."""
        other = as_shape(other)
        a, b = self._dims, other._dims
        if a is None or b is None or len(a) != len(b):
            return TensorShape._from_tuple(None)
        return TensorShape._from_tuple(tuple(x if x == y else None for x, y in zip(a, b)))

    def is_subtype_of(self, other):
        """Trace-type subtyping: `other` is at most as specific as self."""
        if not isinstance(other, TensorShape):
            return False
        if other._dims is None:
            return True
        if self._dims is None or len(self._dims) != len(other._dims):
            return False
        return all(o is None or s == o for s, o in zip(self._dims, other._dims))

    def most_specific_common_supertype(self, others):
        """The most specific shape that all of self and `others` are subtypes of."""
        if any(not isinstance(o, TensorShape) for o in others):
            return None
        if self._dims is None or any(
                o._dims is None or len(o._dims) != len(self._dims) for o in others):
            return TensorShape._from_tuple(None)
        return TensorShape._from_tuple(tuple(
            d if all(d == o._dims[i] for o in others) else None
            for i, d in enumerate(self._dims)))

    def is_fully_defined(self):
        """True iff the rank and every dimension are known."""
        return self._dims is not None and None not in self._dims

    def assert_is_fully_defined(self):
        """Raise ValueError unless the shape is fully defined."""
        if not self.is_fully_defined():
            raise ValueError("Shape %s is not fully defined" % self)

    def as_list(self):
        """The dims as a list of int-or-None; ValueError for an unknown rank."""
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def __eq__(self, other):
        # TF 2.21 compares the dim tuples exactly: [2, None] == [2, None] is True.
        if type(other) is not TensorShape:
            try:
                other = as_shape(other)
            except TypeError:
                return NotImplemented
        return self._dims == other._dims

    def __hash__(self):
        return hash(self._dims)

    def __reduce__(self):
        return TensorShape, (None if self._dims is None else list(self._dims),)


def as_shape(shape):
    """Return `shape` if it is a TensorShape, else TensorShape(shape)."""
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(rank=None, **kwargs):
    """A shape of unknown rank, or of the given rank with all dims unknown."""
    if rank is None and "ndims" in kwargs:
        rank = kwargs.pop("ndims")
    if kwargs:
        raise TypeError("Unknown argument: %s" % kwargs)
    if rank is None:
        return TensorShape._from_tuple(None)
    return TensorShape._from_tuple((None,) * rank)
