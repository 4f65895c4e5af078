"""TensorFlow's `tf.DType`: interned data types backed by NumPy dtypes."""
import builtins

import numpy as np

try:  # bfloat16 only exists when ml_dtypes is installed.
    import ml_dtypes as _ml_dtypes
except ImportError:  # pragma: no cover - depends on the environment
    _ml_dtypes = None


class DType:
    """A TensorFlow data type; one interned instance per type."""

    # Plain slots (not properties) so the hot path reads them at C speed.
    __slots__ = ("_type_enum", "name", "as_numpy_dtype", "_np_dtype", "size", "is_floating",
                 "is_integer", "is_complex", "is_bool", "is_unsigned", "is_numeric", "_real",
                 "_base", "_ref")

    def __new__(cls, type_enum):
        """Return the interned DType for a `DataType` enum number."""
        try:
            return _BY_ENUM[int(type_enum)]
        except KeyError:
            raise TypeError(f"{type_enum} does not correspond to a valid tensorflow::DataType"
                            ) from None

    @classmethod
    def _create(cls, type_enum, name, np_type, kind):
        """Build one interned instance; only called while this module loads."""
        self = object.__new__(cls)
        set_ = object.__setattr__
        np_dtype = np.dtype(np_type)
        set_(self, "_type_enum", type_enum)
        set_(self, "name", name)
        set_(self, "as_numpy_dtype", np_type)
        set_(self, "_np_dtype", np_dtype)
        # TF reports 0 bytes for variable-length strings.
        set_(self, "size", 0 if kind == "string" else np_dtype.itemsize)
        set_(self, "is_floating", kind == "float")
        set_(self, "is_integer", kind in ("int", "uint"))
        set_(self, "is_complex", kind == "complex")
        set_(self, "is_bool", kind == "bool")
        set_(self, "is_unsigned", kind == "uint")
        set_(self, "is_numeric", kind in ("float", "int", "uint", "complex"))
        set_(self, "_real", None)
        set_(self, "_base", None)
        set_(self, "_ref", None)
        _BY_ENUM[type_enum] = self
        return self

    def __setattr__(self, name, value):
        # DTypes are shared singletons, so they must never change.
        raise AttributeError("property of 'DType' object has no setter")

    def __delattr__(self, name):
        raise AttributeError("property of 'DType' object has no deleter")

    @property
    def as_datatype_enum(self):
        """The `types_pb2.DataType` enum number of this type."""
        return self._type_enum

    @property
    def base_dtype(self):
        """The non-reference type (float32 for TF1's float32_ref), else this type."""
        return self._base or self

    @property
    def _is_ref_dtype(self):
        return self._base is not None

    @property
    def _as_ref(self):
        """TF1's reference type of this type (float32 -> float32_ref)."""
        return self._ref or self

    @property
    def real_dtype(self):
        """The type of the real part: float32/float64 for complex, else self."""
        return self._real or self

    @property
    def is_quantized(self):
        """Always False: quantized types are not supported."""
        return False

    @property
    def is_numpy_compatible(self):
        """False only for resource handles and variants, which hold no NumPy value."""
        return self._type_enum not in (20, 21)

    def _check_ordered(self, which):
        """Raise TF's TypeError for types without a min/max."""
        if not (self.is_floating or self.is_integer):
            raise TypeError(f"Cannot find {which} value of {self} with type {self}.")

    @property
    def min(self):
        """The smallest representable value (NumPy scalar for floats, int for ints)."""
        self._check_ordered("minimum")
        return _info(self).min

    @property
    def max(self):
        """The largest representable value (NumPy scalar for floats, int for ints)."""
        self._check_ordered("maximum")
        return _info(self).max

    @property
    def limits(self):
        """TF's intensity limits (min, max); min is always clipped to 0 as in TF."""
        try:
            return 0, _LIMIT_MAX[self.name]
        except KeyError:
            raise ValueError(str(self) + " does not have defined limits.") from None

    def is_compatible_with(self, other):
        """True iff `other` converts to this same DType."""
        return as_dtype(other) is self

    def is_subtype_of(self, other):
        """Trace-type subtyping: a DType is only a subtype of itself."""
        return self == other

    def most_specific_common_supertype(self, types):
        """Self if all `types` equal self, else None."""
        return self if all(self == other for other in types) else None

    def __eq__(self, other):
        if other is self:
            return True
        if other is None or type(other) is DType:  # interned, so identity decides
            return False
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        # TF hashes a DType as its enum number.
        return self._type_enum

    def __repr__(self):
        return "tf." + self.name

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _info(dtype):
    """finfo/iinfo for a real numeric dtype."""
    if dtype.is_integer:
        return np.iinfo(dtype.as_numpy_dtype)
    if _ml_dtypes is not None:
        return _ml_dtypes.finfo(dtype.as_numpy_dtype)
    return np.finfo(dtype.as_numpy_dtype)


_BY_ENUM = {}

# Enum numbers are TF's types_pb2.DataType values.
float32 = DType._create(1, "float32", np.float32, "float")
float64 = DType._create(2, "float64", np.float64, "float")
int32 = DType._create(3, "int32", np.int32, "int")
uint8 = DType._create(4, "uint8", np.uint8, "uint")
int16 = DType._create(5, "int16", np.int16, "int")
int8 = DType._create(6, "int8", np.int8, "int")
string = DType._create(7, "string", builtins.object, "string")
complex64 = DType._create(8, "complex64", np.complex64, "complex")
int64 = DType._create(9, "int64", np.int64, "int")
bool = DType._create(10, "bool", np.bool_, "bool")  # pylint: disable=redefined-builtin
uint16 = DType._create(17, "uint16", np.uint16, "uint")
complex128 = DType._create(18, "complex128", np.complex128, "complex")
float16 = DType._create(19, "float16", np.float16, "float")
uint32 = DType._create(22, "uint32", np.uint32, "uint")
uint64 = DType._create(23, "uint64", np.uint64, "uint")
if _ml_dtypes is not None:
    bfloat16 = DType._create(14, "bfloat16", _ml_dtypes.bfloat16, "float")
# Handles of stateful resources (variables) and opaque values; NumPy holds them as objects.
resource = DType._create(20, "resource", builtins.object, "resource")
variant = DType._create(21, "variant", builtins.object, "variant")
object.__setattr__(complex64, "_real", float32)
object.__setattr__(complex128, "_real", float64)

half = float16
double = float64


def _make_reference_types(types):
    """TF1 reference dtypes (enum + 100), the dtypes of VariableV2 outputs."""
    made = []
    for base in types:
        ref = DType._create(base._type_enum + 100, base.name + "_ref", base.as_numpy_dtype,
                            "string" if base.name == "string" else
                            ("float" if base.is_floating else "int" if base.is_integer and
                             not base.is_unsigned else "uint" if base.is_unsigned else
                             "complex" if base.is_complex else "bool"))
        object.__setattr__(ref, "size", base.size)
        object.__setattr__(ref, "_base", base)
        object.__setattr__(ref, "_real", base._real)
        object.__setattr__(base, "_ref", ref)
        made.append(ref)
    return made

FLOATING_TYPES = (float16, float32, float64) + ((bfloat16,) if _ml_dtypes is not None else ())
INTEGER_TYPES = (int8, int16, int32, int64, uint8, uint16, uint32, uint64)
REAL_NUMBER_TYPES = FLOATING_TYPES + INTEGER_TYPES
COMPLEX_TYPES = (complex64, complex128)
NUMBER_TYPES = REAL_NUMBER_TYPES + COMPLEX_TYPES
ALL_TYPES = NUMBER_TYPES + (bool, string)

REFERENCE_TYPES = tuple(_make_reference_types(ALL_TYPES))

# Canonical names only; as_dtype additionally accepts TF's aliases.
DTYPES_BY_NAME = {d.name: d for d in ALL_TYPES}
_NAME_ALIASES = {"half": float16, "float": float32, "double": float64}

# TF's `dtype_range` table, behind `DType.limits`.
_LIMIT_MAX = {"bool": True, "float32": 1, "float64": 1}
_LIMIT_MAX.update((d.name, int(np.iinfo(d.as_numpy_dtype).max)) for d in INTEGER_TYPES)

# NumPy scalar type -> DType; `np.dtype.type` gives the key for any byte order or width.
_NP_TYPE_TO_DTYPE = {d.as_numpy_dtype: d for d in NUMBER_TYPES + (bool,)}
_NP_TYPE_TO_DTYPE.update({np.object_: string, np.bytes_: string, np.str_: string})
for _t in (np.intc, np.uintc, np.int_, np.uint, np.longlong, np.ulonglong):
    # Platform integer types are not always the same objects as the fixed-width ones.
    if _t not in _NP_TYPE_TO_DTYPE:
        _NP_TYPE_TO_DTYPE[_t] = next(d for d in INTEGER_TYPES if d._np_dtype == np.dtype(_t))
del _t

# Everything as_dtype looks up by hash: enums, names, Python types, NumPy types.
_ANY_TO_DTYPE = dict(_BY_ENUM)
_ANY_TO_DTYPE.update(DTYPES_BY_NAME)
_ANY_TO_DTYPE.update(_NAME_ALIASES)
_ANY_TO_DTYPE.update({"resource": resource, "variant": variant})
_ANY_TO_DTYPE.update({d.name: d for d in REFERENCE_TYPES})
_ANY_TO_DTYPE.update({builtins.float: float32, builtins.bool: bool, builtins.object: string})
_ANY_TO_DTYPE.update(_NP_TYPE_TO_DTYPE)


def as_dtype(type_value):
    """Convert a DType, enum number, name, NumPy dtype/type or Python type to a DType."""
    if type(type_value) is DType:
        return type_value
    if isinstance(type_value, np.dtype):
        found = _NP_TYPE_TO_DTYPE.get(type_value.type)
        if found is not None:
            return found
        if type_value.kind == "T":  # NumPy 2 StringDType
            return string
    try:
        return _ANY_TO_DTYPE[type_value]
    except (KeyError, TypeError):  # TypeError: unhashable
        pass
    if hasattr(type_value, "dtype"):  # arrays and NumPy scalars
        try:
            return _NP_TYPE_TO_DTYPE[np.dtype(type_value.dtype).type]
        except (KeyError, TypeError):
            pass
    raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} "
                    "to a TensorFlow DType.")


def from_numpy_dtype(np_dtype):
    """Fast DType lookup for a NumPy dtype (str_/bytes_/object map to string)."""
    try:
        return _NP_TYPE_TO_DTYPE[np_dtype.type]
    except (AttributeError, KeyError):
        return as_dtype(np_dtype)
