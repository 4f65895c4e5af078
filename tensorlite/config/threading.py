"""`tf.config.threading`: thread counts are kept and reported (NumPy's BLAS has its own)."""

_counts = {"inter_op": 0, "intra_op": 0}     # 0: the runtime chooses, as in TF


def get_inter_op_parallelism_threads():
    return _counts["inter_op"]


def set_inter_op_parallelism_threads(num_threads):
    _counts["inter_op"] = int(num_threads)


def get_intra_op_parallelism_threads():
    return _counts["intra_op"]


def set_intra_op_parallelism_threads(num_threads):
    _counts["intra_op"] = int(num_threads)


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
