"""Nested structures (lists, tuples, namedtuples, dicts) flattened and rebuilt as tf.nest does.

Dicts flatten in sorted key order; every other object (None included) is a leaf.
"""
import collections.abc


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def is_nested(value):
    return isinstance(value, (list, tuple, collections.abc.Mapping))


def flatten(structure):
    result = []
    _flatten_into(structure, result)
    return result


# Types found to be leaves (neither Mapping nor list/tuple): the Mapping check is an ABC
# check, slow next to everything else the hot paths (tape.gradient, function calls) do.
_leaf_types = set()


def _is_leaf(structure):
    kind = type(structure)
    if kind in _leaf_types:
        return True
    if isinstance(structure, (list, tuple, collections.abc.Mapping)):
        return False
    _leaf_types.add(kind)
    return True


def _flatten_into(structure, result):
    kind = type(structure)
    if kind is list or kind is tuple:    # the common containers, without the ABC check
        for item in structure:
            if type(item) in _leaf_types:
                result.append(item)
            else:
                _flatten_into(item, result)
    elif _is_leaf(structure):
        result.append(structure)
    elif isinstance(structure, (list, tuple)):
        for item in structure:
            _flatten_into(item, result)
    else:
        for key in sorted(structure):
            _flatten_into(structure[key], result)


def pack_sequence_as(structure, flat_sequence):
    flat = list(flat_sequence)
    if _is_leaf(structure) and len(flat) == 1:
        return flat[0]
    count = len(flatten(structure))
    if count != len(flat):
        raise ValueError(f"Could not pack sequence. Structure had {count} atoms, but "
                         f"flat_sequence had {len(flat)} items.")
    packed, _ = _pack(structure, flat, 0)
    return packed


def _pack(structure, flat, index):
    kind = type(structure)
    if kind is list or kind is tuple:
        values = []
        for item in structure:
            if type(item) in _leaf_types:
                values.append(flat[index])
                index += 1
            else:
                value, index = _pack(item, flat, index)
                values.append(value)
        return kind(values), index
    if _is_leaf(structure):
        return flat[index], index + 1
    if isinstance(structure, collections.abc.Mapping):
        items = {}
        for key in sorted(structure):
            items[key], index = _pack(structure[key], flat, index)
        return type(structure)((key, items[key]) for key in structure), index
    if _is_namedtuple(structure):
        values = []
        for item in structure:
            value, index = _pack(item, flat, index)
            values.append(value)
        return type(structure)(*values), index
    if isinstance(structure, (list, tuple)):
        values = []
        for item in structure:
            value, index = _pack(item, flat, index)
            values.append(value)
        return type(structure)(values), index
    return flat[index], index + 1


def map_structure(function, *structures):
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [function(*items) for items in zip(*flats)])
