"""`tf.config`: the devices tensorlite runs on (the CPU, through NumPy) and runtime settings.

TF programs configure the runtime at start-up (hide GPUs, grow GPU memory, thread counts,
`run_functions_eagerly`). tensorlite has one device, the CPU, and no thread pools of its own:
the settings are kept and reported back as TF does, and a request that makes no sense for
the device raises TF's error. Unlike TF, changing them after the first op is not an error
(nothing is initialized that they could no longer affect).
"""
from tensorlite.config import experimental, optimizer, threading  # noqa: F401
from tensorlite.config.devices import (LogicalDevice, LogicalDeviceConfiguration,  # noqa: F401
                                       PhysicalDevice, get_logical_device_configuration,
                                       get_soft_device_placement, get_visible_devices,
                                       list_logical_devices, list_physical_devices,
                                       set_logical_device_configuration,
                                       set_soft_device_placement, set_visible_devices)
from tensorlite.execution.function import (  # noqa: F401
    functions_run_eagerly, run_functions_eagerly)

experimental_run_functions_eagerly = run_functions_eagerly     # (TF's deprecated spellings)
experimental_functions_run_eagerly = functions_run_eagerly


def __getattr__(name):
    from tensorlite.runner import missing_api
    raise missing_api(__name__, name)
