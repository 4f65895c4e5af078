"""`tf.nest`: nested structures (lists, tuples, namedtuples, dicts) as TF handles them.

The same flattening tensorlite uses everywhere (framework/nest.py), with TF's public
signatures and TF's structure-mismatch errors.
"""
from tensorlite.framework import nest as _nest

__all__ = ["assert_same_structure", "flatten", "is_nested", "map_structure",
           "pack_sequence_as"]

_MISMATCH = "The two structures don't have the same nested structure."


def flatten(structure, expand_composites=False):
    return _nest.flatten(structure)


def is_nested(seq):
    return _nest.is_nested(seq)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    flat = list(flat_sequence)
    count = len(_nest.flatten(structure))
    if count != len(flat):
        raise ValueError(f"Could not pack sequence. Structure had {count} atoms, but "
                         f"flat_sequence had {len(flat)} items.  Structure: {structure}, "
                         f"flat_sequence: {flat}.")
    return _nest.pack_sequence_as(structure, flat)


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """ValueError when the nesting differs; TypeError when (with check_types) the kinds of
    sequence differ (a list against a tuple, a namedtuple against a tuple)."""
    _compare(nest1, nest2, check_types, f"{_MISMATCH}\n\nFirst structure: {nest1}\n\n"
             f"Second structure: {nest2}")


def _compare(a, b, check_types, message):
    nested_a, nested_b = _nest.is_nested(a), _nest.is_nested(b)
    if nested_a != nested_b:
        raise ValueError(message)
    if not nested_a:
        return
    if check_types and type(a) is not type(b):
        raise TypeError(message)
    if isinstance(a, dict) != isinstance(b, dict):
        raise ValueError(message)
    if isinstance(a, dict):
        if sorted(a) != sorted(b):
            raise ValueError(message)
        for key in sorted(a):
            _compare(a[key], b[key], check_types, message)
        return
    if len(a) != len(b):
        raise ValueError(message)
    for x, y in zip(a, b):
        _compare(x, y, check_types, message)


def map_structure(func, *structure, **kwargs):
    """func applied to the leaves of the structures (which must match), packed as the first."""
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        raise ValueError(f"Only valid keyword arguments are `check_types` and "
                         f"`expand_composites`, not: `{', '.join(kwargs)}`")
    if not structure:
        raise ValueError("Must provide at least one structure")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    return _nest.map_structure(func, *structure)


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
