"""Collection functions on the default graph (tf.compat.v1.add_to_collection, ...)."""
from tensorlite.framework import context as _context


def add_to_collection(name, value):
    _context.get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    _context.get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None):
    return _context.get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return _context.get_default_graph().get_collection_ref(key)
