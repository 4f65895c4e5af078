"""`tensorlite run`: unmodified `import tensorflow` scripts, TF1/TF2 modes, missing APIs."""
import os
import subprocess
import sys
import textwrap

import pytest

from tensorlite import runner

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(tmp_path, source, *args, options=()):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source))
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "tensorlite", "run", *options, str(script),
                           *args], capture_output=True, text=True, env=env, timeout=120,
                          cwd=str(tmp_path))


def test_tf2_script_sees_its_argv_and_main(tmp_path):
    result = run(tmp_path, """
        import sys
        import tensorflow as tf
        print(__name__, sys.argv[1:], tf.reduce_sum(tf.constant([1, 2])).numpy())
        """, "--lr", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__main__", "['--lr',", "'3']", "3"]
    assert result.stderr == ""


def test_tf1_names_switch_to_tf1_mode(tmp_path):
    result = run(tmp_path, """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.Session() as sess:
            print(sess.run(x * 2, {x: [1.5]}), tf.executing_eagerly())
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[3.] False"
    assert "running it as TF 1.x" in result.stderr


def test_tf1_flag_and_compat_v1_imports(tmp_path):
    source = """
        import tensorflow as tf
        import tensorflow.compat.v1 as v1
        from tensorflow.compat.v1 import placeholder
        print(tf.executing_eagerly(), v1.placeholder is placeholder, hasattr(tf, "Session"))
        """
    result = run(tmp_path, source, options=["--tf1"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True"
    result = run(tmp_path, source)
    assert result.stdout.strip() == "True True False"


def test_compat_v1_with_disable_v2_behavior(tmp_path):
    result = run(tmp_path, """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        a = tf.placeholder(tf.int32, [])
        print(tf.Session().run(a + 1, {a: 41}))
        """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"


@pytest.mark.parametrize("line, api", [
    ("tf.contrib.layers.xavier_initializer()", "tf.contrib.layers (script.py, line 3)"),
    ("tf.estimator.Estimator", "tf.estimator (script.py, line 3)"),
    ("from tensorflow.examples.tutorials.mnist import input_data", "tensorflow.examples"),
    ("from tensorflow import estimator", "tf.estimator"),
    ("import tensorflow.contrib.slim as slim", "tensorflow.contrib.slim"),
])
def test_missing_api_is_one_clear_line(tmp_path, line, api):
    result = run(tmp_path, f"""
        import tensorflow as tf
        {line}
        """)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"tensorlite: the script uses {api}")
    assert "which tensorlite does not provide" in lines[0]


def test_contrib_message_says_why(tmp_path):
    result = run(tmp_path, "import tensorflow as tf\nw = tf.contrib.layers.xavier_initializer()\n")
    assert result.stderr.strip() == (
        "tensorlite: the script uses tf.contrib.layers (script.py, line 2), which tensorlite "
        "does not provide (TF 1.x contrib was never part of TF 2)")


def test_tf2_override_reports_tf1_name_as_missing(tmp_path):
    result = run(tmp_path, "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n",
                 options=["--tf2"])
    assert result.returncode == 2
    assert "tf.placeholder" in result.stderr


def test_script_errors_keep_their_traceback(tmp_path):
    result = run(tmp_path, """
        import tensorflow as tf
        class Model:
            pass
        def build():
            return Model().missing_layer
        build()
        """)
    assert result.returncode == 1
    assert "AttributeError: 'Model' object has no attribute 'missing_layer'" in result.stderr
    assert "runner.py" not in result.stderr
    assert 'script.py", line 6, in build' in result.stderr


def test_sys_exit_status_passes_through(tmp_path):
    assert run(tmp_path, "import sys\nsys.exit(3)\n").returncode == 3
    assert run(tmp_path, "import sys\nsys.exit()\n").returncode == 0


def test_usage_and_bad_invocations(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "tensorlite", *args], capture_output=True,
                              text=True, env=env, timeout=60)
    assert cli("--help").returncode == 0 and "usage: tensorlite run" in cli("--help").stdout
    assert cli().returncode == 2
    missing = cli("run", str(tmp_path / "nope.py"))
    assert missing.returncode == 2 and "cannot open" in missing.stderr


def test_uses_tf1_top_level():
    assert runner.uses_tf1_top_level("import tensorflow as tf\nx = tf.placeholder(tf.float32)")
    assert runner.uses_tf1_top_level("import tensorflow as t\nt.train.AdamOptimizer(0.1)")
    assert not runner.uses_tf1_top_level("import tensorflow.compat.v1 as tf\ntf.placeholder")
    assert not runner.uses_tf1_top_level("import tensorflow as tf\ntf.compat.v1.placeholder")
    assert not runner.uses_tf1_top_level("import tensorflow as tf\nprint(tf.constant(1))")
    assert not runner.uses_tf1_top_level("this is not python (")


def test_missing_api_helper_for_namespace_getattr():
    error = runner.missing_api("tensorlite", "contrib")
    assert isinstance(error, AttributeError)
    assert str(error) == ("module 'tensorlite' has no attribute 'contrib': tensorlite does not "
                          "provide tf.contrib (TF 1.x contrib was never part of TF 2)")
    assert runner.missing_api("tensorlite.compat.v1", "estimator").api == \
        "tf.compat.v1.estimator"
    assert type(runner.missing_api("tensorlite", "__wrapped__")) is AttributeError


def _wired():
    import tensorlite
    return all(hasattr(m, n) for m, n in [(tensorlite.compat.v1, "app"),
                                          (tensorlite.compat.v1, "gfile"),
                                          (tensorlite.compat.v1, "summary"),
                                          (tensorlite, "summary"), (tensorlite, "io")])


@pytest.mark.skipif(not _wired(), reason="tf.summary/app/gfile not yet wired into tensorlite's "
                                         "namespaces (see the runner report)")
@pytest.mark.parametrize("example, args", [
    ("tf1_style_script.py", ["--steps", "100", "--logdir", "{logdir}"]),
    ("tf2_style_script.py", ["{logdir}"]),
])
def test_examples_run_unmodified(tmp_path, example, args):
    logdir = str(tmp_path / "logs")
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, "-m", "tensorlite", "run",
                             os.path.join(ROOT, "examples", example),
                             *[a.format(logdir=logdir) for a in args]],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "w 3.000 b 2.000" in result.stdout
    assert "event files: 1" in result.stdout


def test_missing_apis_of_v1_only_modules_are_named_under_tf_compat_v1(tmp_path):
    result = run(tmp_path, """
        import tensorflow as tf
        tf.compat.v1.metrics.accuracy        # loads the module (also tensorlite.metrics_v1)
        tf.compat.v1.metrics.recall_at_k
        """)
    assert result.returncode != 0
    assert "tf.compat.v1.metrics.recall_at_k" in result.stderr
    assert "metrics_v1" not in result.stderr.splitlines()[-1]
