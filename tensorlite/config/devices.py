"""The one device tensorlite runs on, as `tf.config` describes devices."""
import collections

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])
LogicalDeviceConfiguration = collections.namedtuple(
    "LogicalDeviceConfiguration", ["memory_limit", "experimental_priority",
                                   "experimental_device_ordinal"])
LogicalDeviceConfiguration.__new__.__defaults__ = (None, None, None)

CPU = PhysicalDevice("/physical_device:CPU:0", "CPU")
_LOGICAL_CPU = LogicalDevice("/device:CPU:0", "CPU")


class _Settings:
    visible = [CPU]
    soft_device_placement = True
    logical_configurations = {}


def _of_type(devices, device_type):
    # Device types match exactly, as in TF ('cpu' finds nothing).
    return [d for d in devices if device_type is None or d.device_type == device_type]


def list_physical_devices(device_type=None):
    return _of_type([CPU], device_type)


def list_logical_devices(device_type=None):
    return _of_type([_LOGICAL_CPU] if CPU in _Settings.visible else [], device_type)


def get_visible_devices(device_type=None):
    return _of_type(_Settings.visible, device_type)


def check_device(device):
    """`device` if it is one of this machine's physical devices; TF's ValueError if not."""
    if device not in list_physical_devices():
        raise ValueError(f"Unrecognized device: {device!r}")
    return device


def set_visible_devices(devices, device_type=None):
    """Make only `devices` (of `device_type`, all types by default) visible."""
    if not isinstance(devices, (list, tuple)):
        devices = [devices]
    for device in devices:
        check_device(device)
        if device_type is not None and device.device_type != device_type:
            raise ValueError(f"Device {device.name} is not of type {device_type}")
    kept = [d for d in _Settings.visible
            if device_type is not None and d.device_type != device_type]
    _Settings.visible = kept + [d for d in devices if d not in kept]


def get_logical_device_configuration(device):
    return _Settings.logical_configurations.get(check_device(device))


def set_logical_device_configuration(device, logical_devices):
    _Settings.logical_configurations[check_device(device)] = logical_devices


def get_soft_device_placement():
    return _Settings.soft_device_placement


def set_soft_device_placement(enabled):
    _Settings.soft_device_placement = bool(enabled)
