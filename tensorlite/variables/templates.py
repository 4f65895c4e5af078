"""`tf.compat.v1.make_template`: a function that creates its variables on the first call
and reuses them on every later call, in graph mode (through the graph's store) and eagerly
(through a private EagerVariableStore), as in TF.
"""
import functools
import traceback

from tensorlite.framework import context as _context
from tensorlite.framework.collections import get_collection, get_collection_ref
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.variables import variable_scope as vs


def make_template(name_, func_, create_scope_now_=False, unique_name_=None,
                  custom_getter_=None, **kwargs):
    """Wrap `func_` so that all its calls share the variables the first call created."""
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    if _context.executing_eagerly():
        if unique_name_ is not None:
            raise ValueError("unique_name_ cannot be used when eager execution is enabled.")
        return EagerTemplate(name_, func_, create_scope_now=create_scope_now_,
                             custom_getter=custom_getter_)
    return Template(name_, func_, create_scope_now=create_scope_now_,
                    unique_name=unique_name_, custom_getter=custom_getter_)


def _skip_common_stack_elements(stacktrace, base_case):
    for i, (trace, base) in enumerate(zip(stacktrace, base_case)):
        if trace != base:
            return stacktrace[i:]
    return stacktrace[-1:]


class Template:
    """Calls `func` in its variable scope: creating variables once, reusing them after."""

    def __init__(self, name, func, create_scope_now=False, unique_name=None,
                 custom_getter=None):
        self._func = func
        self._stacktrace = traceback.format_stack()[:-2]
        self._name = name
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        if name is None:
            raise ValueError("name cannot be None.")
        if create_scope_now:
            with vs._pure_variable_scope(unique_name or vs._get_unique_variable_scope(name),
                                         custom_getter=custom_getter) as scope:
                self._variable_scope = scope
        else:
            self._variable_scope = None
        self._variables_created = False
        self._first_call = True

    def _with_definition_site(self, error):
        """Append where the template was made to the error's message (as TF does)."""
        arg0 = error.args[0] if error.args else ""
        trace = "".join(_skip_common_stack_elements(self._stacktrace,
                                                    traceback.format_stack()))
        error.args = (f"{arg0}\n\noriginally defined at:\n{trace}",) + error.args[1:]

    def _call_func(self, args, kwargs):
        try:
            if self._variables_created:
                trainable_at_start = len(get_collection_ref(GraphKeys.TRAINABLE_VARIABLES))
                result = self._func(*args, **kwargs)
                trainable = get_collection_ref(GraphKeys.TRAINABLE_VARIABLES)
                if trainable_at_start != len(trainable):
                    raise ValueError(
                        "Trainable variable created when calling a template after the first "
                        "time, perhaps you used tf.Variable when you meant tf.get_variable: "
                        f"{trainable[trainable_at_start:]}")
            elif self._first_call:
                self._first_call = False
                try:
                    result = self._func(*args, **kwargs)
                except BaseException:
                    self._first_call = True
                    raise
                self._variables_created = True
            else:   # a first call still running on another thread
                result = self._func(*args, **kwargs)
            return result
        except Exception as error:
            self._with_definition_site(error)
            raise

    def __call__(self, *args, **kwargs):
        if self._variable_scope:
            with vs.variable_scope(self._variable_scope, reuse=not self._first_call):
                return self._call_func(args, kwargs)
        with vs.variable_scope(self._unique_name, self._name,
                               custom_getter=self._custom_getter) as scope:
            self._variable_scope = scope
            return self._call_func(args, kwargs)

    @property
    def name(self):
        return self._name

    @property
    def func(self):
        return self._func

    @property
    def variable_scope(self):
        return self._variable_scope

    @property
    def variable_scope_name(self):
        if self._variable_scope:
            name = self._variable_scope.name
            return name if not name or name[-1] == "/" else name + "/"
        return None

    def _collection(self, key):
        return get_collection(key, self.variable_scope_name) if self._variables_created else []

    @property
    def variables(self):
        return self.global_variables + self.local_variables

    @property
    def trainable_variables(self):
        return self._collection(GraphKeys.TRAINABLE_VARIABLES)

    @property
    def non_trainable_variables(self):
        trainable = {id(v) for v in self.trainable_variables}
        return [v for v in self.global_variables if id(v) not in trainable]

    @property
    def global_variables(self):
        return self._collection(GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self):
        return self._collection(GraphKeys.LOCAL_VARIABLES)

    weights = property(lambda self: self.variables)
    trainable_weights = property(lambda self: self.trainable_variables)
    non_trainable_weights = property(lambda self: self.non_trainable_variables)

    @property
    def var_scope(self):
        return self._variable_scope


class _EagerTemplateVariableStore:
    """The EagerVariableStore of one EagerTemplate; nested templates share the outer one's."""

    def __init__(self, variable_scope_name):
        self._variable_scope_name = variable_scope_name
        default = vs._get_default_variable_store()
        self._store = vs.EagerVariableStore(default if default._store_eager_variables
                                            else None)
        self._used_once = False

    def set_variable_scope_name(self, variable_scope_name):
        self._variable_scope_name = variable_scope_name

    def as_default(self):
        return _TemplateStoreScope(self)

    def _in_scope(self, variables):
        if self._variable_scope_name is None:
            raise RuntimeError("A variable scope must be set before variables can be "
                               "accessed.")
        prefix = self._variable_scope_name + "/"
        return [v for v in variables if v.name.startswith(prefix)]

    def variables(self):
        return self._in_scope(self._store.variables())

    def trainable_variables(self):
        return self._in_scope(self._store.trainable_variables())

    def non_trainable_variables(self):
        return self._in_scope(self._store.non_trainable_variables())


class _TemplateStoreScope:
    def __init__(self, template_store):
        self._template_store = template_store

    def __enter__(self):
        owner = self._template_store
        if not owner._used_once:
            default = vs._get_default_variable_store()
            if default._store_eager_variables:   # nested in another template: share its store
                owner._store._store = default
            owner._used_once = True
        self._scope = owner._store.as_default()
        self._scope.__enter__()

    def __exit__(self, *exc):
        try:
            self._scope.__exit__(*exc)
        finally:
            name = self._template_store._variable_scope_name
            if name is None:
                raise RuntimeError("A variable scope must be set before an "
                                   "_EagerTemplateVariableStore object exits.")
            vs._graph_state().scopes.counts.close_subscopes(name)
        return False


class EagerTemplate(Template):
    """Template for eager execution: variables live in the template's own store."""

    def __init__(self, name, func, create_scope_now=False, custom_getter=None):
        if not _context.executing_eagerly():
            raise RuntimeError(f"{type(self)} objects can only be used when eager execution "
                               "is enabled, use tf.Template for graph construction")
        super().__init__(name, func, create_scope_now, None, custom_getter)
        scope_name = self._variable_scope.name if self._variable_scope is not None else None
        self._template_store = _EagerTemplateVariableStore(scope_name)
        self._variable_scope_context_manager = None

    def _call_func(self, args, kwargs):
        try:
            trainable_at_start = self._template_store.trainable_variables()
            result = self._func(*args, **kwargs)
            if self._variables_created:
                trainable = self._template_store.trainable_variables()
                if len(trainable_at_start) != len(trainable):
                    old = {id(v) for v in trainable_at_start}
                    raise ValueError(
                        "Trainable variable created when calling a template after the first "
                        "time, perhaps you used tf.Variable when you meant tf.get_variable: "
                        f"{[v for v in trainable if id(v) not in old]}")
            else:
                self._variables_created = True
            return result
        except Exception as error:
            self._with_definition_site(error)
            raise

    def __call__(self, *args, **kwargs):
        if self._variable_scope:
            if not self._variable_scope_context_manager:
                self._variable_scope_context_manager = vs.variable_scope(
                    self._variable_scope, reuse=vs.AUTO_REUSE)
            with self._variable_scope_context_manager:
                with self._template_store.as_default():
                    return self._call_func(args, kwargs)
        with vs.variable_scope(self._unique_name, self._name,
                               custom_getter=self._custom_getter) as scope:
            self._variable_scope = scope
            self._template_store.set_variable_scope_name(scope.name)
            with self._template_store.as_default():
                return self._call_func(args, kwargs)

    def _store_list(self, method):
        return getattr(self._template_store, method)() if self._variables_created else []

    @property
    def variables(self):
        return self._store_list("variables")

    @property
    def trainable_variables(self):
        return self._store_list("trainable_variables")

    @property
    def non_trainable_variables(self):
        return self._store_list("non_trainable_variables")

    @property
    def global_variables(self):
        return self.variables

    @property
    def local_variables(self):
        return []
