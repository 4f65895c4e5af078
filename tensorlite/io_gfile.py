"""`tf.io.gfile` (and TF1's `tf.compat.v1.gfile` as `gfile_v1`): files through TF's API.

Differs from TF: only the local file system (plain paths and `file://`); any other scheme
(`gs://`, `hdfs://`, `s3://`) raises UnimplementedError instead of going over the network.
"""
import errno as _errno
import glob as _glob
import os as _os
import shutil as _shutil
import types as _types

from tensorlite.framework import errors as _errors

__all__ = ["GFile", "copy", "exists", "get_registered_schemes", "glob", "isdir", "join",
           "listdir", "makedirs", "mkdir", "remove", "rename", "rmtree", "stat", "walk"]

_MODES = ("r", "w", "a", "r+", "w+", "a+")


def _local_path(path):
    """The local path for `path`; TF's UnimplementedError for a scheme it has no file system for."""
    path = _os.fspath(path)
    if isinstance(path, bytes):
        path = path.decode("utf-8")
    if "://" in path:
        scheme, rest = path.split("://", 1)
        if scheme == "file":
            return rest
        raise _errors.UnimplementedError(
            None, None, f"File system scheme '{scheme}' not implemented (file: '{path}')")
    return path


def _os_error(error, path):
    """TF's error type for an OSError: the message is TF's `<path>; <strerror>`."""
    message = f"{path}; {error.strerror}"
    if error.errno == _errno.ENOENT:
        return _errors.NotFoundError(None, None, message)
    if error.errno == _errno.EEXIST:
        return _errors.AlreadyExistsError(None, None, message)
    if error.errno in (_errno.EACCES, _errno.EPERM):
        return _errors.PermissionDeniedError(None, None, message)
    if error.errno in (_errno.EISDIR, _errno.ENOTDIR, _errno.ENOTEMPTY):
        return _errors.FailedPreconditionError(None, None, message)
    return _errors.UnknownError(None, None, message)


class GFile:
    """A file opened lazily, as TF's GFile: errors appear on the first read or write."""

    def __init__(self, name, mode="r"):
        if mode.replace("b", "") not in _MODES:
            raise _errors.InvalidArgumentError(
                None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self._name = name
        self._mode = mode
        self._path = _local_path(name)
        self._file = None

    name = property(lambda self: self._name)
    mode = property(lambda self: self._mode)

    def _open(self):
        if self._file is None:
            mode = self._mode if "b" in self._mode else self._mode + "b"
            try:
                self._file = open(self._path, mode)
            except OSError as error:
                raise _os_error(error, self._path) from None
        return self._file

    def _decode(self, data):
        return data if "b" in self._mode else data.decode("utf-8")

    def _readable(self):
        if self._mode.replace("b", "") in ("w", "a"):
            raise _errors.PermissionDeniedError(None, None, "File isn't open for reading")
        return self._open()

    def _writable(self):
        if self._mode.replace("b", "") == "r":
            raise _errors.PermissionDeniedError(None, None, "File isn't open for writing")
        return self._open()

    def size(self):
        return stat(self._name).length

    def read(self, n=-1):
        return self._decode(self._readable().read(-1 if n is None else n))

    def readline(self):
        return self._decode(self._readable().readline())

    def readlines(self):
        return [self._decode(line) for line in self._readable().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def write(self, file_content):
        if isinstance(file_content, str):
            file_content = file_content.encode("utf-8")
        self._writable().write(file_content)

    def tell(self):
        return self._open().tell()

    def seek(self, offset=None, whence=0, position=None):
        if position is not None:
            offset = position
        self._open().seek(offset, whence)

    def seekable(self):
        return True

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FileStatistics:
    """What `stat` returns: `length`, `mtime_nsec`, `is_directory`."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length = length
        self.mtime_nsec = mtime_nsec
        self.is_directory = is_directory

    def __repr__(self):
        return (f"FileStatistics(length={self.length}, mtime_nsec={self.mtime_nsec}, "
                f"is_directory={self.is_directory})")


def exists(path):
    return _os.path.exists(_local_path(path))


def isdir(path):
    return _os.path.isdir(_local_path(path))


def join(path, *paths):
    return _os.path.join(path, *paths)


def get_registered_schemes():
    return ["", "file"]


def glob(pattern):
    if isinstance(pattern, (list, tuple)):
        return [match for p in pattern for match in glob(p)]
    return sorted(_glob.glob(_local_path(pattern)))


def listdir(path):
    local = _local_path(path)
    if not _os.path.isdir(local):
        raise _errors.NotFoundError(None, None, f"Could not find directory {local}")
    return sorted(_os.listdir(local))


def makedirs(path):
    local = _local_path(path)
    try:
        _os.makedirs(local, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _errors.FailedPreconditionError(
            None, None, f"{local} is not a directory") from None
    except OSError as error:
        raise _os_error(error, local) from None


def mkdir(path):
    local = _local_path(path)
    if _os.path.isdir(local):
        return  # TF 2.21 accepts an existing directory
    try:
        _os.mkdir(local)
    except OSError as error:
        raise _os_error(error, local) from None


def remove(path):
    local = _local_path(path)
    if _os.path.isdir(local):
        raise _errors.FailedPreconditionError(None, None, f"{local}; Is a directory")
    try:
        _os.remove(local)
    except OSError as error:
        raise _os_error(error, local) from None


def rmtree(path):
    local = _local_path(path)
    if not _os.path.exists(local):
        raise _errors.NotFoundError(None, None, f"{local} not found")
    if _os.path.isdir(local):
        _shutil.rmtree(local)
    else:
        _os.remove(local)


def _check_target(dst, overwrite):
    if not overwrite and _os.path.exists(dst):
        raise _errors.AlreadyExistsError(None, None, "file already exists")


def rename(src, dst, overwrite=False):
    src, dst = _local_path(src), _local_path(dst)
    _check_target(dst, overwrite)
    try:
        _os.replace(src, dst)
    except OSError as error:
        raise _os_error(error, src) from None


def copy(src, dst, overwrite=False):
    src, dst = _local_path(src), _local_path(dst)
    _check_target(dst, overwrite)
    try:
        _shutil.copyfile(src, dst)
    except OSError as error:
        raise _os_error(error, src) from None


def stat(path):
    local = _local_path(path)
    try:
        info = _os.stat(local)
    except OSError as error:
        raise _os_error(error, local) from None
    return FileStatistics(info.st_size, info.st_mtime_ns, _os.path.isdir(local))


def walk(top, topdown=True, onerror=None):
    """Like os.walk; a missing `top` yields nothing, as in TF."""
    def report(error):
        if onerror is not None:
            onerror(_os_error(error, getattr(error, "filename", top)))
    for dirpath, dirnames, filenames in _os.walk(_local_path(top), topdown=topdown,
                                                 onerror=report):
        dirnames.sort()
        yield dirpath, dirnames, sorted(filenames)


def _v1_namespace():
    """TF1's `tf.compat.v1.gfile`: the same functions under their TF1 names."""
    module = _types.ModuleType("tensorlite.io_gfile.gfile_v1",
                               "`tf.compat.v1.gfile`: TF1's names for tf.io.gfile.")
    vars(module).update(
        Copy=copy, DeleteRecursively=rmtree, Exists=exists, FastGFile=GFile, GFile=GFile,
        Glob=glob, IsDirectory=isdir, ListDirectory=listdir, MakeDirs=makedirs, MkDir=mkdir,
        Open=GFile, Remove=remove, Rename=rename, Stat=stat, Walk=walk)
    return module


gfile_v1 = _v1_namespace()
