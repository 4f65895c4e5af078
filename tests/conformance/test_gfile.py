"""tf.io.gfile against real TF: results, lazy opening, and TF's error types and messages."""
import os

import pytest


@pytest.fixture
def gfile(tf):
    io = getattr(tf, "io", None)
    if io is None or not hasattr(io, "gfile"):
        pytest.skip("tf.io.gfile is not wired into this tensorlite build yet")
    return io.gfile


def test_write_read_modes(gfile, tmp_path):
    path = str(tmp_path / "x.txt")
    with gfile.GFile(path, "w") as handle:
        handle.write("hello\nworld\n")
    assert gfile.GFile(path).read() == "hello\nworld\n"
    assert gfile.GFile(path, "rb").read() == b"hello\nworld\n"
    assert gfile.GFile(path).readlines() == ["hello\n", "world\n"]
    assert list(gfile.GFile(path)) == ["hello\n", "world\n"]
    assert gfile.GFile(path).size() == 12
    handle = gfile.GFile(path)
    assert (handle.read(3), handle.tell()) == ("hel", 3)
    handle.seek(1)
    assert (handle.read(2), handle.readline(), handle.tell()) == ("el", "lo\n", 6)
    with gfile.GFile(path, "a") as handle:
        handle.write("more")
    assert gfile.GFile(path).read() == "hello\nworld\nmore"


def test_directories(gfile, tmp_path):
    root = str(tmp_path)
    gfile.makedirs(os.path.join(root, "a", "b"))
    gfile.makedirs(os.path.join(root, "a", "b"))          # already there: fine
    gfile.mkdir(os.path.join(root, "a"))                   # also fine in TF 2.21
    with gfile.GFile(os.path.join(root, "a", "f.txt"), "w") as handle:
        handle.write("x")
    assert gfile.isdir(os.path.join(root, "a")) and not gfile.isdir(os.path.join(root, "q"))
    assert sorted(gfile.listdir(os.path.join(root, "a"))) == ["b", "f.txt"]
    assert gfile.glob(os.path.join(root, "a", "*.txt")) == [os.path.join(root, "a", "f.txt")]
    assert gfile.glob(os.path.join(root, "nope*", "*.txt")) == []
    walked = [(d, sorted(s), sorted(f)) for d, s, f in gfile.walk(os.path.join(root, "a"))]
    assert walked == [(os.path.join(root, "a"), ["b"], ["f.txt"]),
                      (os.path.join(root, "a", "b"), [], [])]
    assert list(gfile.walk(os.path.join(root, "nope"))) == []
    stat = gfile.stat(os.path.join(root, "a", "f.txt"))
    assert (stat.length, stat.is_directory) == (1, False)
    gfile.rmtree(os.path.join(root, "a"))
    assert not gfile.exists(os.path.join(root, "a"))
    assert gfile.join("a", "b", "c") == "a/b/c"


def test_copy_rename(gfile, tf, tmp_path):
    src, dst = str(tmp_path / "s"), str(tmp_path / "d")
    with gfile.GFile(src, "w") as handle:
        handle.write("1")
    gfile.copy(src, dst)
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        gfile.copy(src, dst)
    with pytest.raises(tf.errors.AlreadyExistsError, match="file already exists"):
        gfile.rename(src, dst)
    gfile.rename(src, dst, overwrite=True)
    assert (gfile.exists(src), gfile.GFile(dst).read()) == (False, "1")


def test_errors(gfile, tf, tmp_path):
    missing = str(tmp_path / "nope")
    handle = gfile.GFile(missing)                          # opening is lazy
    with pytest.raises(tf.errors.NotFoundError) as info:
        handle.read()
    assert str(info.value) == f"{missing}; No such file or directory"
    with pytest.raises(tf.errors.NotFoundError, match=f"Could not find directory {missing}"):
        gfile.listdir(missing)
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        gfile.remove(missing)
    with pytest.raises(tf.errors.NotFoundError, match=f"{missing} not found"):
        gfile.rmtree(missing)
    with pytest.raises(tf.errors.NotFoundError, match="No such file or directory"):
        gfile.stat(missing)
    with pytest.raises(tf.errors.FailedPreconditionError, match="Is a directory"):
        gfile.remove(str(tmp_path))
    path = str(tmp_path / "f")
    with gfile.GFile(path, "w") as handle:
        handle.write("x")
    with pytest.raises(tf.errors.FailedPreconditionError, match="is not a directory"):
        gfile.makedirs(path)
    with pytest.raises(tf.errors.InvalidArgumentError, match="mode is not 'r' or 'w'"):
        gfile.GFile(path, "q")
    with pytest.raises(tf.errors.PermissionDeniedError, match="File isn't open for writing"):
        gfile.GFile(path, "r").write("x")
    with pytest.raises(tf.errors.PermissionDeniedError, match="File isn't open for reading"):
        gfile.GFile(path, "w").read()
    with pytest.raises(tf.errors.UnimplementedError, match="File system scheme 'foo' not"):
        gfile.exists("foo://bucket/x")


def test_v1_names(tf):
    names = sorted(n for n in dir(tf.compat.v1.gfile) if not n.startswith("_")) \
        if hasattr(tf.compat.v1, "gfile") else pytest.skip("tf.compat.v1.gfile not wired yet")
    assert names == ["Copy", "DeleteRecursively", "Exists", "FastGFile", "GFile", "Glob",
                     "IsDirectory", "ListDirectory", "MakeDirs", "MkDir", "Open", "Remove",
                     "Rename", "Stat", "Walk"]
