"""`tf.Module`: a named container whose variables and submodules are found by reflection."""
import functools
import re

from tensorlite.framework import nest
from tensorlite.framework.scopes import name_scope_v2

_CAMEL_TO_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
_VALID_IDENTIFIER = re.compile(r"^[a-zA-Z_]([a-zA-Z0-9_])*$")


def camel_to_snake(value):
    return _CAMEL_TO_SNAKE.sub(r"_\1", value).lower()


def _is_variable(value):
    from tensorlite.variables.variables import Variable
    return isinstance(value, Variable)


def _is_module(value):
    return isinstance(value, Module)


class Module:
    """Base class of model parts: `variables`, `trainable_variables`, `submodules`."""

    _TF_MODULE_IGNORED_PROPERTIES = frozenset()

    def __init__(self, name=None):
        if name is None:
            name = camel_to_snake(type(self).__name__)
        elif not _VALID_IDENTIFIER.match(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid "
                             "Python identifiers (e.g. a valid class name).")
        self._name = name
        # The scope is uniquified once, now (in a graph: "dense", "dense_1", ...).
        with name_scope_v2(name) as scope_name:
            self._name_scope = name_scope_v2(scope_name)

    @property
    def name(self):
        return self._name

    @property
    def name_scope(self):
        return self._name_scope

    @property
    def variables(self):
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and v.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and not v.trainable))

    @property
    def submodules(self):
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(self, recursive=True, predicate=None):
        predicate = predicate or (lambda _: True)
        return _flatten_module(self, recursive, predicate, {id(self)}, [])

    @classmethod
    def with_name_scope(cls, method):
        """Decorate a method so that it runs inside the module's name scope."""
        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return method_with_name_scope


def _flatten_module(module, recursive, predicate, seen, recursion_stack):
    """TF's walk: this module's properties (sorted by name) first, then its submodules."""
    if id(module) in recursion_stack:
        recursive = False
    submodules = []
    properties = vars(module)
    for key in sorted(properties):
        if key in module._TF_MODULE_IGNORED_PROPERTIES:
            continue
        for leaf in nest.flatten(properties[key]):
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            if predicate(leaf):
                yield leaf
            if recursive and _is_module(leaf):
                submodules.append(leaf)
    recursion_stack.append(id(module))
    for submodule in submodules:
        yield from _flatten_module(submodule, recursive, predicate, seen, recursion_stack)
    recursion_stack.pop()
