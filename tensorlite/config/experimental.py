"""`tf.config.experimental`: memory growth, determinism and TF's older device spellings."""
from tensorlite.config.devices import (CPU, LogicalDeviceConfiguration, check_device,  # noqa
                                       get_logical_device_configuration, get_visible_devices,
                                       list_logical_devices, list_physical_devices,
                                       set_logical_device_configuration, set_visible_devices)

VirtualDeviceConfiguration = LogicalDeviceConfiguration
get_virtual_device_configuration = get_logical_device_configuration
set_virtual_device_configuration = set_logical_device_configuration

_tensor_float_32 = [True]


def set_memory_growth(device, enable):
    # Only GPUs (and pluggable devices) grow memory; tensorlite has neither.
    check_device(device)
    raise ValueError("Cannot set memory growth on non-GPU and non-Pluggable devices")


def get_memory_growth(device):
    raise KeyError(check_device(device))      # (TF keeps growth settings for GPUs only)


def get_device_details(device):
    check_device(device)
    return {}


def enable_op_determinism():
    """tensorlite's kernels are deterministic already (NumPy, one thread per op)."""


def enable_tensor_float_32_execution(enabled):
    _tensor_float_32[0] = bool(enabled)


def tensor_float_32_execution_enabled():
    return _tensor_float_32[0]


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
