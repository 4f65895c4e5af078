"""tf.compat.v1.app / flags (absl semantics under TF's FLAGS wrapper) and gfile specifics."""
import os
import subprocess
import sys
import textwrap

import pytest

from tensorlite import app, io_gfile
from tensorlite.framework import errors

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def flags():
    values = app.FlagValues()
    app.DEFINE_string("name", "bob", "The name.", flag_values=values)
    app.DEFINE_integer("n", 3, "count", flag_values=values)
    app.DEFINE_float("lr", 0.1, "rate", flag_values=values)
    app.DEFINE_boolean("fast", False, "go fast", flag_values=values)
    app.DEFINE_bool("slow", True, "go slow", flag_values=values)
    app.DEFINE_list("items", ["a"], "items", flag_values=values)
    app.DEFINE_enum("mode", "train", ["train", "eval"], "mode", flag_values=values)
    return values


def test_parse_values_and_positionals(flags):
    rest = flags(["prog", "--name=al", "--n", "5", "--fast", "--noslow", "--items=x,y",
                  "pos1", "--mode", "eval", "--", "--lr=2"])
    assert rest == ["prog", "pos1", "--", "--lr=2"]
    assert (flags.name, flags.n, flags.lr, flags.fast, flags.slow, flags.items, flags.mode) == \
        ("al", 5, 0.1, True, False, ["x", "y"], "eval")
    assert flags.flag_values_dict()["n"] == 5


def test_defaults_and_assignment(flags):
    flags(["prog"])
    assert (flags.name, flags.n, flags.fast, flags.items) == ("bob", 3, False, ["a"])
    flags.n = 9
    assert flags.n == 9
    assert flags.is_parsed()


@pytest.mark.parametrize("argv, error, message", [
    (["--n=abc"], app.IllegalFlagValueError,
     "flag --n=abc: invalid literal for int() with base 10: 'abc'"),
    (["--mode=x"], app.IllegalFlagValueError, "flag --mode=x: value should be one of <train|eval>"),
    (["--bogus"], app.UnrecognizedFlagError, "Unknown command line flag 'bogus'"),
    (["--fast=maybe"], app.IllegalFlagValueError,
     "flag --fast=maybe: Non-boolean argument to boolean flag"),
])
def test_bad_flags(flags, argv, error, message):
    with pytest.raises(error) as info:
        flags(["prog", *argv])
    assert str(info.value) == message


def test_unknown_flags_tolerated_with_known_only(flags):
    assert flags(["prog", "--bogus=1", "--n=2"], known_only=True) == ["prog", "--bogus=1"]
    assert flags.n == 2


def test_duplicate_definition(flags):
    with pytest.raises(app.DuplicateFlagError, match="The flag 'n' is defined twice"):
        app.DEFINE_integer("n", 1, "again", flag_values=flags)


def test_default_value_keyword_as_tf_accepts():
    values = app.FlagValues()
    app.DEFINE_string("s", default_value="x", help="h", flag_values=values)
    values(["p"])
    assert values.s == "x"


def _program(tmp_path, body, *args):
    script = tmp_path / "prog.py"
    script.write_text("import sys\nsys.path.insert(0, %r)\nfrom tensorlite import app\n" % ROOT +
                      textwrap.dedent(body))
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True,
                          timeout=60)


_MAIN = """
    app.flags.DEFINE_integer("n", 3, "count")
    app.flags.DEFINE_boolean("fast", False, "go fast")
    FLAGS = app.flags.FLAGS
    def main(argv):
        print("argv", argv[1:], FLAGS.n, FLAGS.fast)
        return 4
    app.run(main)
    """


def test_app_run_parses_and_exits_with_main_status(tmp_path):
    result = _program(tmp_path, _MAIN, "--n=7", "--fast", "extra", "--unknown")
    assert result.stdout.strip() == "argv ['extra', '--unknown'] 7 True"
    assert result.returncode == 4


def test_app_run_bad_flag_is_fatal(tmp_path):
    result = _program(tmp_path, _MAIN, "--n=x")
    assert result.returncode == 1
    assert result.stderr.startswith("FATAL Flags parsing error: flag --n=x:")


def test_help_prints_usage(tmp_path):
    result = _program(tmp_path, _MAIN, "--help")
    assert result.returncode == 1
    assert "USAGE:" in result.stdout and "--[no]fast: go fast" in result.stdout
    assert "--n: count\n    (default: '3')\n    (an integer)" in result.stdout


def test_reading_a_flag_before_parsing_parses_sys_argv(tmp_path):
    result = _program(tmp_path, """
        app.flags.DEFINE_string("who", "x", "who")
        print(app.flags.FLAGS.who)
        """, "--who=me")
    assert result.stdout.strip() == "me", result.stderr


def test_gfile_other_schemes_are_unimplemented():
    with pytest.raises(errors.UnimplementedError,
                       match=r"File system scheme 'foo' not implemented \(file: 'foo://b/x'\)"):
        io_gfile.exists("foo://b/x")


def test_gfile_file_scheme_and_v1_names(tmp_path):
    path = str(tmp_path / "a.txt")
    with io_gfile.gfile_v1.GFile("file://" + path, "w") as handle:
        handle.write("abc")
    assert io_gfile.gfile_v1.Exists(path)
    assert io_gfile.gfile_v1.Glob(str(tmp_path / "*.txt")) == [path]
    assert sorted(n for n in vars(io_gfile.gfile_v1) if not n.startswith("_")) == [
        "Copy", "DeleteRecursively", "Exists", "FastGFile", "GFile", "Glob", "IsDirectory",
        "ListDirectory", "MakeDirs", "MkDir", "Open", "Remove", "Rename", "Stat", "Walk"]
