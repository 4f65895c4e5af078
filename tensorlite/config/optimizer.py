"""`tf.config.optimizer`: graph-optimizer settings, kept (tensorlite runs graphs as built)."""

_settings = {"jit": "", "options": {"disable_model_pruning": False,
                                         "disable_meta_optimizer": False}}


def get_jit():
    return _settings["jit"]


def set_jit(enabled):
    # TF stores "autoclustering" for True, "" for False (and takes the strings too).
    _settings["jit"] = "autoclustering" if enabled is True else "" if not enabled else enabled


def get_experimental_options():
    return dict(_settings["options"])


def set_experimental_options(options):
    _settings["options"].update(options)


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
