"""`tf.data`: input pipelines (TF 2.21's Dataset, a tested subset), pure Python on NumPy.

Provided: Dataset.from_tensor_slices / from_tensors / range / zip, and the methods
concatenate, batch, unbatch, shuffle, repeat, map, filter, flat_map, take, skip, prefetch,
cache (memory), enumerate, reduce, as_numpy_iterator, element_spec, cardinality, len;
eager iteration; TF1 graph iterators in `tf.compat.v1.data` (tensorlite.data.v1).
Map and filter functions are traced once (as TF does) and their graphs run on each
element's values when the pipeline runs, one element at a time (no parallelism).
Left out, failing with NotImplementedError: file datasets (TFRecordDataset,
TextLineDataset, ...), interleave, padded_batch, window, Options and distribution.
"""
from tensorlite.data.dataset import AUTOTUNE, INFINITE, UNKNOWN, DatasetV2
from tensorlite.data.iterators import OwnedIterator as Iterator
from tensorlite.data import experimental  # noqa: F401

Dataset = DatasetV2
INFINITE_CARDINALITY = INFINITE
UNKNOWN_CARDINALITY = UNKNOWN


def _file_dataset(name):
    class FileDataset:
        def __init__(self, *args, **kwargs):
            raise NotImplementedError(f"tf.data.{name} is not implemented in tensorlite: "
                                      "tensorlite's tf.data reads in-memory data only "
                                      "(from_tensor_slices and friends).")
    FileDataset.__name__ = FileDataset.__qualname__ = name
    return FileDataset


TFRecordDataset = _file_dataset("TFRecordDataset")
TextLineDataset = _file_dataset("TextLineDataset")
FixedLengthRecordDataset = _file_dataset("FixedLengthRecordDataset")


class Options:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("tf.data.Options is not implemented in tensorlite")


__all__ = ["AUTOTUNE", "Dataset", "DatasetV2", "INFINITE_CARDINALITY", "Iterator",
           "UNKNOWN_CARDINALITY", "experimental", "TFRecordDataset", "TextLineDataset",
           "FixedLengthRecordDataset", "Options"]
