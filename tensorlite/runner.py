"""`tensorlite run script.py [args]`: run an unmodified TensorFlow program on tensorlite.

    tensorlite run train.py --epochs 3        # or: python -m tensorlite run train.py ...
    tensorlite run --tf1 old_model.py         # `import tensorflow as tf` is TF 1.x
    tensorlite run --tf2 script.py            # `import tensorflow as tf` is TF 2.x

The runner makes `tensorflow` and every `tensorflow.<namespace>` module (`compat.v1`,
`compat.v2`, `nn`, `io.gfile`, ...) resolve to tensorlite's modules, then runs the script as
`__main__` with `sys.argv = [script, *args]` and the script's folder first on `sys.path`.

Which TF `import tensorflow as tf` gives:
  * `--tf2`: TF 2.x (tensorlite); `import tensorflow.compat.v1 as tf` +
    `tf.disable_v2_behavior()` still works as in TF 2.
  * `--tf1`: TF 1.x: tf.compat.v1's names at the top level, with v2 behaviour disabled
    before the script starts (graphs and Sessions, as in TF 1.15).
  * neither (the default): TF 2.x, unless the script reads, right off the module it imported
    as `import tensorflow as <name>`, a TF1-only top-level name (`<name>.placeholder`,
    `<name>.Session`, `<name>.get_variable`, ...; found by parsing the source, never by
    running it). Such a script cannot run on TF 2 at all, so running it as TF 1 is safe; the
    runner says so in one line on stderr.

A script that uses an API tensorlite lacks (`tf.contrib`, `tf.estimator`, `tensorflow.python`,
...) stops with one line naming it and exit status 2, instead of a traceback from inside
tensorlite. Any other error prints the script's traceback (runner frames left out), status 1.
"""
import ast
import importlib.abc
import importlib.machinery
import os
import re
import sys
import traceback
import types

# Why an API is missing, by its first name after `tf.`.
_WHY_MISSING = {
    "contrib": "TF 1.x contrib was never part of TF 2",
    "estimator": "tf.estimator was removed from TensorFlow in 2.16",
    "keras": "Keras is a separate library",
    "examples": "tensorflow.examples was removed from TensorFlow in 2.0",
    "python": "tensorflow.python is TensorFlow's private implementation",
    "lite": "TensorFlow Lite is not part of tensorlite",
}
# Names that exist at TF 1.x's top level but not TF 2.x's: reading one off
# `import tensorflow as tf` marks a TF1 script.
_TF1_ONLY_NAMES = frozenset({
    "placeholder", "Session", "InteractiveSession", "get_variable", "variable_scope",
    "global_variables_initializer", "initialize_all_variables", "ConfigProto",
    "placeholder_with_default", "get_default_graph", "reset_default_graph",
    "trainable_variables", "global_variables", "local_variables_initializer",
    "disable_eager_execution", "set_random_seed", "random_normal", "random_uniform",
    "truncated_normal", "to_float", "to_int32", "log", "assign", "assign_add",
    "get_collection", "add_to_collection",
})
_TF1_ONLY_TRAIN = frozenset({"GradientDescentOptimizer", "AdamOptimizer", "MomentumOptimizer",
                             "RMSPropOptimizer", "AdagradOptimizer", "Saver"})
_MISSING_ATTRIBUTE = re.compile(r"module '([\w.]+)' has no attribute '(\w+)'")
_CANNOT_IMPORT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")


class MissingAPIError(AttributeError):
    """An attribute of a tensorlite namespace that TensorFlow has and tensorlite lacks."""

    def __init__(self, message, api):
        super().__init__(message)
        self.api = api


class MissingModuleError(ModuleNotFoundError):
    """`import tensorflow.<x>` for a module tensorlite does not provide."""

    def __init__(self, message, api):
        super().__init__(message, name=api)
        self.api = api


def _why(api):
    parts = api.split(".")
    first = parts[1] if len(parts) > 1 and parts[0] in ("tf", "tensorflow") else parts[0]
    if first == "compat" and len(parts) > 3:
        first = parts[3]
    note = _WHY_MISSING.get(first)
    return f" ({note})" if note else ""


def missing_api(module_name, attribute):
    """The error a tensorlite namespace module's `__getattr__` raises for `attribute`.

    Meant for `def __getattr__(name): raise missing_api(__name__, name)` in the tf.* and
    tf.compat.v1 namespace modules; the message keeps Python's usual first sentence.
    """
    message = f"module '{module_name}' has no attribute '{attribute}'"
    if attribute.startswith("__"):
        return AttributeError(message)
    api = f"{public_name(module_name)}.{attribute}"
    return MissingAPIError(f"{message}: tensorlite does not provide {api}{_why(api)}", api)


def public_name(module_name):
    """How TF spells the namespace a tensorlite module implements ('tf.compat.v1', ...)."""
    if module_name == "tensorflow" or module_name.startswith("tensorflow."):
        return "tf" + module_name[len("tensorflow"):]
    for path, module in _namespace_modules().items():
        if module.__name__ == module_name:
            return path
    return module_name.replace("tensorlite", "tf", 1)


def _namespace_modules():
    """Every module reachable from tf and tf.compat.v1 (two levels), by its TF name."""
    import tensorlite
    found = {}
    pending = [("tf", tensorlite), ("tf.compat.v1", tensorlite.compat.v1)]
    while pending:
        path, module = pending.pop(0)
        if path in found or any(module is m for m in found.values()) or path.count(".") > 3:
            continue
        found[path] = module
        for name, value in sorted(vars(module).items()):
            # (`*_v1` attributes are tensorlite's own modules, e.g. metrics_v1, set on the
            # package by their import: TF names them under tf.compat.v1.)
            if isinstance(value, types.ModuleType) and not name.startswith("_") and \
                    not name.endswith("_v1") and \
                    getattr(value, "__name__", "").startswith("tensorlite"):
                pending.append((f"{path}.{name}", value))
    return found


class _AliasLoader(importlib.abc.Loader):
    """Loads `tensorflow.<x>` as the tensorlite module already found for it."""

    def __init__(self, module):
        self.module = module
        self.spec = getattr(module, "__spec__", None)

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        # The import system stamped the alias's spec on the module; give it back its own.
        if self.spec is not None:
            module.__spec__ = self.spec


class TensorflowAliasFinder(importlib.abc.MetaPathFinder):
    """Resolves `tensorflow.a.b` to the attribute `b` of the module `tensorflow.a` resolved to."""

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("tensorflow."):
            return None
        parent_name, _, child = fullname.rpartition(".")
        parent = sys.modules.get(parent_name)
        module = None
        if parent is not None:
            try:
                module = getattr(parent, child, None)
            except AttributeError:
                module = None
        if not isinstance(module, types.ModuleType):
            api = "tf" + fullname[len("tensorflow"):]
            raise MissingModuleError(
                f"No module named '{fullname}': tensorlite does not provide {api}{_why(api)}",
                api)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module))


def _tf1_namespace():
    """A `tensorflow` package whose names are tf.compat.v1's (TF 1.x's top level)."""
    import tensorlite
    v1 = tensorlite.compat.v1
    module = types.ModuleType("tensorflow", v1.__doc__)
    vars(module).update({name: value for name, value in vars(v1).items()
                         if not name.startswith("__")})
    module.__path__ = []   # a package, so `import tensorflow.compat.v1` works
    module.__version__ = getattr(tensorlite, "__version__", "0")

    def __getattr__(name):
        try:
            return getattr(v1, name)
        except MissingAPIError:
            raise
        except AttributeError:
            raise missing_api("tensorflow", name) from None
    module.__getattr__ = __getattr__
    return module


def install_aliases(tf1=False):
    """Make `import tensorflow` (and its submodules) give tensorlite; returns the root module."""
    import tensorlite
    root = _tf1_namespace() if tf1 else tensorlite
    for name in [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]:
        del sys.modules[name]
    sys.modules["tensorflow"] = root
    if not any(isinstance(f, TensorflowAliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, TensorflowAliasFinder())
    if tf1:
        tensorlite.compat.v1.disable_v2_behavior()
    return root


def uses_tf1_top_level(source):
    """Whether `source` reads a TF1-only name off `import tensorflow as <alias>`."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    aliases = {alias.asname or alias.name for node in ast.walk(tree)
               if isinstance(node, ast.Import) for alias in node.names
               if alias.name == "tensorflow"}
    if not aliases:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.value.id in aliases and node.attr in _TF1_ONLY_NAMES:
            return True
        if isinstance(node, ast.Attribute) and node.attr in _TF1_ONLY_TRAIN and \
                isinstance(node.value, ast.Attribute) and node.value.attr == "train" and \
                isinstance(node.value.value, ast.Name) and node.value.value.id in aliases:
            return True
    return False


def _script_frame(tb, script):
    """The innermost traceback entry that runs the script's own code."""
    last = None
    for frame, lineno in traceback.walk_tb(tb):
        if os.path.abspath(frame.f_code.co_filename) == script:
            last = (frame, lineno)
    return last


def _raised_by_namespace_lookup(tb):
    """Whether the innermost frame is a module `__getattr__`, the import system, or the runner:
    i.e. the error is a failed lookup of a TF name, not a bug inside tensorlite."""
    frames = [frame for frame, _ in traceback.walk_tb(tb)]
    if not frames:
        return False
    inner = frames[-1].f_code
    return (not inner.co_filename.startswith(os.path.dirname(os.path.abspath(__file__))) or
            inner.co_name == "__getattr__" or inner.co_filename == os.path.abspath(__file__) or
            "importlib" in inner.co_filename)


def missing_api_of(error, script):
    """The TF API a failed lookup names (e.g. 'tf.contrib.layers'), or None for other errors."""
    api = getattr(error, "api", None)
    if api is None:
        text = str(error)
        if isinstance(error, ImportError):
            match = _CANNOT_IMPORT.search(text)
            if not match or not match.group(2).startswith(("tensorlite", "tensorflow")):
                return None
            api = f"{public_name(match.group(2))}.{match.group(1)}"
        elif isinstance(error, AttributeError):
            match = _MISSING_ATTRIBUTE.match(text)
            if not match or not match.group(1).startswith(("tensorlite", "tensorflow")):
                return None
            api = f"{public_name(match.group(1))}.{match.group(2)}"
        else:
            return None
    if not _raised_by_namespace_lookup(error.__traceback__):
        return None
    return _as_spelled(api, error.__traceback__, script)


def _as_spelled(api, tb, script):
    """`api` as the script's own line spells it (`tf.contrib.layers`), when it can be found."""
    entry = _script_frame(tb, script)
    attribute = api.rsplit(".", 1)[-1]
    if entry is None:
        return api
    frame, lineno = entry
    import linecache
    line = linecache.getline(frame.f_code.co_filename, lineno)
    match = re.search(rf"\b([A-Za-z_]\w*(?:\.\w+)*\.{attribute})((?:\.\w+)?)", line)
    if not match:
        return api
    # contrib is a package of packages: name the one used (tf.contrib.layers).
    return match.group(1) + (match.group(2) if attribute == "contrib" else "")


def run_script(script, args, tf1=None):
    """Run `script` as __main__ with `args`; returns the exit status."""
    script = os.path.abspath(script)
    try:
        with open(script, "rb") as handle:
            source = handle.read()
    except OSError as error:
        print(f"tensorlite: cannot open {script}: {error.strerror}", file=sys.stderr)
        return 2
    text = source.decode("utf-8", errors="replace")
    if tf1 is None and uses_tf1_top_level(text):
        print("tensorlite: the script uses TF 1.x top-level names; running it as TF 1.x "
              "(--tf2 to override)", file=sys.stderr)
        tf1 = True
    install_aliases(bool(tf1))
    code = compile(source, script, "exec")
    main = types.ModuleType("__main__")
    main.__file__ = script
    sys.modules["__main__"] = main
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(script))
    try:
        exec(code, vars(main))
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            return exit_.code or 0
        print(exit_.code, file=sys.stderr)
        return 1
    except (AttributeError, ImportError) as error:
        api = missing_api_of(error, script)
        if api is None:
            _print_script_traceback(error)
            return 1
        where = _script_frame(error.__traceback__, script)
        at = f" ({os.path.basename(script)}, line {where[1]})" if where else ""
        print(f"tensorlite: the script uses {api}{at}, which tensorlite does not provide"
              f"{_why(api)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BaseException as error:  # noqa: B036  (report any failure as the script's own)
        _print_script_traceback(error)
        return 1
    return 0


def _print_script_traceback(error):
    tb = error.__traceback__
    if tb is not None and tb.tb_frame.f_code.co_filename == os.path.abspath(__file__):
        tb = tb.tb_next          # drop run_script's own frame
    traceback.print_exception(type(error), error, tb)


_USAGE = """usage: tensorlite run [--tf1 | --tf2] script.py [args ...]

Runs an unmodified TensorFlow program with `import tensorflow` resolved to tensorlite.
  --tf1   `import tensorflow as tf` is TF 1.x (v2 behaviour disabled)
  --tf2   `import tensorflow as tf` is TF 2.x
Default: TF 2.x, or TF 1.x when the script reads TF1-only names (tf.placeholder, tf.Session).
"""


def main(argv=None):
    """Console entry point: `tensorlite run [--tf1|--tf2] script.py [args]`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(_USAGE)
        return 0
    if not argv or argv[0] != "run":
        sys.stderr.write(_USAGE)
        return 2
    argv = argv[1:]
    tf1 = None
    while argv and argv[0] in ("--tf1", "--tf2", "-h", "--help"):
        option = argv.pop(0)
        if option in ("-h", "--help"):
            sys.stdout.write(_USAGE)
            return 0
        tf1 = option == "--tf1"
    if not argv:
        sys.stderr.write(_USAGE)
        return 2
    return run_script(argv[0], argv[1:], tf1)


if __name__ == "__main__":
    sys.exit(main())
