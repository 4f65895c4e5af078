"""`tf.compat.v1.app` (run) and `tf.compat.v1.flags`: absl-style command-line flags.

As TF's wrapper does, reading a flag before the flags were parsed parses `sys.argv` first,
and `app.run` tolerates flags nobody defined (they stay in the argv given to `main`).
Differs from TF: no absl; only the DEFINE_* functions programs commonly use, and no
--flagfile.
"""
import sys as _sys
import types as _types


class Error(Exception):
    """Base class of the flag errors (absl's `flags.Error`)."""


class IllegalFlagValueError(Error):
    pass


class UnrecognizedFlagError(Error):
    pass


class DuplicateFlagError(Error):
    pass


class UnparsedFlagAccessError(Error):
    pass


_KIND_NOTES = {"integer": "an integer", "float": "a number", "list": "a comma separated list"}
_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")


class _Flag:
    """One defined flag: its parser, default, help and current value."""

    def __init__(self, name, default, help, parse, kind, hint="", module=""):
        self.name, self.help, self.parse_text, self.kind, self.hint = name, help, parse, kind, hint
        self.module = module
        self.default = default if not isinstance(default, str) or kind == "string" \
            else self._parse(default)
        self.value = self.default
        self.present = 0

    def _parse(self, text):
        try:
            return self.parse_text(text)
        except ValueError as error:
            raise IllegalFlagValueError(f"flag --{self.name}={text}: {error}") from None

    def parse(self, text):
        self.value = self._parse(text)
        self.present += 1

    def default_text(self):
        if self.kind == "bool":
            return "true" if self.default else "false"
        if self.kind == "list":
            return ",".join(self.default or [])
        return "None" if self.default is None else str(self.default)


def _parse_bool(text):
    if isinstance(text, bool):
        return text
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError("Non-boolean argument to boolean flag")


def _parse_list(text):
    if isinstance(text, (list, tuple)):
        return list(text)
    return [item.strip() for item in text.split(",")] if text else []


class FlagValues:
    """The registry of defined flags; attribute access returns a flag's value."""

    def __init__(self):
        self.__dict__["_flags"] = {}
        self.__dict__["_parsed"] = False

    def _define(self, flag):
        if flag.name in self._flags:
            raise DuplicateFlagError(
                f"The flag '{flag.name}' is defined twice. First from "
                f"{self._flags[flag.name].module or '?'}, Second from {flag.module or '?'}. "
                "Description from first occurrence: " + (self._flags[flag.name].help or ""))
        self._flags[flag.name] = flag

    def __getattr__(self, name):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self.__dict__["_parsed"]:
            # TF's FLAGS wrapper: reading before parsing parses sys.argv (absl would raise).
            self(_sys.argv)
        return flags[name].value

    def __setattr__(self, name, value):
        if name not in self._flags:
            raise AttributeError(name)
        self._flags[name].value = value

    def __contains__(self, name):
        return name in self._flags

    def __getitem__(self, name):
        return self._flags[name]

    def __iter__(self):
        return iter(self._flags)

    def __len__(self):
        return len(self._flags)

    def __dir__(self):
        return sorted(self._flags)

    def is_parsed(self):
        return self._parsed

    def mark_as_parsed(self):
        self.__dict__["_parsed"] = True

    def unparse_flags(self):
        for flag in self._flags.values():
            flag.value, flag.present = flag.default, 0
        self.__dict__["_parsed"] = False

    def flag_values_dict(self):
        return {name: flag.value for name, flag in self._flags.items()}

    def get_flag_value(self, name, default):
        return self._flags[name].value if name in self._flags else default

    def __call__(self, argv, known_only=False):
        """Parse `argv` (argv[0] is the program); return argv[0] and the arguments left."""
        argv = list(argv)
        rest = [argv[0]] if argv else []
        args = iter(argv[1:])
        for arg in args:
            if arg == "--":
                rest.append(arg)
                rest.extend(args)
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            body = arg.lstrip("-")
            name, has_value, value = body.partition("=")
            if name in ("help", "helpshort", "helpfull", "?"):
                _sys.stdout.write(self.usage(rest[0] if rest else "program"))
                _sys.exit(1)
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and not has_value:
                negated = self._flags.get(name[2:])
                if negated is not None and negated.kind == "bool":
                    negated.value, negated.present = False, negated.present + 1
                    continue
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError(f"Unknown command line flag '{name}'")
            if flag.kind == "bool" and not has_value:
                flag.value, flag.present = True, flag.present + 1
                continue
            if not has_value:
                value = next(args, None)
                if value is None:
                    raise IllegalFlagValueError(f"flag --{name}=None: Missing value for "
                                                f"flag --{name}")
            flag.parse(value)
        self.__dict__["_parsed"] = True
        return rest

    def usage(self, program):
        lines = [f"\n       USAGE: {program} [flags]", "flags:", "", f"{program}:"]
        for name in sorted(self._flags):
            flag = self._flags[name]
            prefix = f"--[no]{name}" if flag.kind == "bool" else f"--{name}"
            lines.append(f"  {prefix}: {flag.hint}{flag.help}")
            lines.append(f"    (default: '{flag.default_text()}')")
            if flag.kind in _KIND_NOTES:
                lines.append(f"    ({_KIND_NOTES[flag.kind]})")
        lines += ["", "Try --helpfull to get a list of all flags.", ""]
        return "\n".join(lines)


FLAGS = FlagValues()


def _caller_module():
    frame = _sys._getframe(2)
    return frame.f_globals.get("__name__", "")


def _define(name, default, help, parse, kind, flag_values, hint=""):
    flag_values = FLAGS if flag_values is None else flag_values
    flag_values._define(_Flag(name, default, help, parse, kind, hint, _caller_module()))
    return name


def DEFINE_string(name, default=None, help=None, flag_values=None, default_value=None,
                  **_):
    default = default_value if default is None else default
    return _define(name, default, help, lambda text: text, "string", flag_values)


def DEFINE_integer(name, default=None, help=None, lower_bound=None, upper_bound=None,
                   flag_values=None, default_value=None, **_):
    default = default_value if default is None else default

    def parse(text):
        value = text if isinstance(text, int) else \
            int(text, 16 if text.lower().lstrip("-").startswith("0x") else 10)
        if (lower_bound is not None and value < lower_bound) or \
                (upper_bound is not None and value > upper_bound):
            raise ValueError(f"{value} is not in the range [{lower_bound}, {upper_bound}]")
        return value
    return _define(name, default, help, parse, "integer", flag_values)


def DEFINE_float(name, default=None, help=None, lower_bound=None, upper_bound=None,
                 flag_values=None, default_value=None, **_):
    default = default_value if default is None else default
    return _define(name, default, help, float, "float", flag_values)


def DEFINE_boolean(name, default=None, help=None, flag_values=None, default_value=None,
                   **_):
    default = default_value if default is None else default
    return _define(name, default, help, _parse_bool, "bool", flag_values)


DEFINE_bool = DEFINE_boolean


def DEFINE_list(name, default=None, help=None, flag_values=None, **_):
    return _define(name, default, help, _parse_list, "list", flag_values)


def DEFINE_enum(name, default, enum_values, help=None, flag_values=None, **_):
    def parse(text):
        if text not in enum_values:
            raise ValueError(f"value should be one of <{'|'.join(enum_values)}>")
        return text
    return _define(name, default, help, parse, "enum", flag_values,
                   hint=f"<{'|'.join(enum_values)}>: ")


def mark_flag_as_required(flag_name, flag_values=None):
    (FLAGS if flag_values is None else flag_values).__dict__.setdefault(
        "_required", set()).add(flag_name)


def mark_flags_as_required(flag_names, flag_values=None):
    for name in flag_names:
        mark_flag_as_required(name, flag_values)


def run(main=None, argv=None):
    """Parse flags from `argv` (default sys.argv), then `sys.exit(main(remaining_argv))`."""
    main = main or _sys.modules["__main__"].main
    try:
        remaining = FLAGS(_sys.argv if argv is None else argv, known_only=True)
        for name in sorted(FLAGS.__dict__.get("_required", ())):
            if FLAGS[name].value is None:
                raise IllegalFlagValueError(f"flag --{name}=None: Flag --{name} must have "
                                            "a value other than None.")
    except Error as error:
        _sys.stderr.write(f"FATAL Flags parsing error: {error}\n"
                          "Pass --helpshort or --helpfull to see help on flags.\n")
        _sys.exit(1)
    _sys.exit(main(remaining))


def _flags_namespace():
    """`tf.compat.v1.flags` (absl.flags under TF's FLAGS wrapper)."""
    module = _types.ModuleType("tensorlite.app.flags", "`tf.compat.v1.flags`.")
    vars(module).update(
        FLAGS=FLAGS, FlagValues=FlagValues, Error=Error, IllegalFlagValueError=IllegalFlagValueError,
        UnrecognizedFlagError=UnrecognizedFlagError, DuplicateFlagError=DuplicateFlagError,
        UnparsedFlagAccessError=UnparsedFlagAccessError, DEFINE_string=DEFINE_string,
        DEFINE_integer=DEFINE_integer, DEFINE_float=DEFINE_float, DEFINE_boolean=DEFINE_boolean,
        DEFINE_bool=DEFINE_bool, DEFINE_list=DEFINE_list, DEFINE_enum=DEFINE_enum,
        mark_flag_as_required=mark_flag_as_required,
        mark_flags_as_required=mark_flags_as_required)
    return module


flags = _flags_namespace()
