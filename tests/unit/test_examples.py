"""The examples run as programs: the demo trains to its accuracy target in both styles."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_demo_trains_saves_and_restores(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT, TENSORLITE_DEMO_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "demo.py")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.count("reached the 95% target") == 2
    assert "restored into a new Session" in done.stdout
    assert "restored into a new model" in done.stdout
    saved = sorted(os.listdir(tmp_path / "tf1"))
    assert "checkpoint" in saved and any(name.endswith(".index") for name in saved)
    assert any(name.startswith("model-") and ".data-00000-of-00001" in name for name in saved)


def _run_with_tensorlite(script, tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "tensorlite", "run",
                           os.path.join(ROOT, "examples", script)],
                          capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)


def test_tf1_linear_regression_runs_unmodified(tmp_path):
    done = _run_with_tensorlite("tf1_linear_regression.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "loss 0.00000 [ 1.  -2.   0.5] [0.3]" in done.stdout


def test_tf1_layers_and_rnn_runs_unmodified(tmp_path):
    done = _run_with_tensorlite("tf1_layers_and_rnn.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    accuracy = float(done.stdout.split("acc ")[1].split()[0])
    assert accuracy >= 0.95 and "step 100" in done.stdout
    assert "rnn ok (4, 5, 8)" in done.stdout


def test_tf1_restore_meta_graph_runs_unmodified(tmp_path):
    done = _run_with_tensorlite("tf1_restore_meta_graph.py", tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "saved model-300" in done.stdout and "same loss: True" in done.stdout
    answer = float(done.stdout.split("f(0.5, -0.5) = ")[1].split()[0])
    assert abs(answer - 2.5) < 0.2
