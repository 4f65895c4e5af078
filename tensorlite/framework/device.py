"""`tf.DeviceSpec`: parsing, canonical strings and merging of device specifications."""

_VALID_DEVICE_TYPES = frozenset({"CPU", "GPU", "TPU", "CUSTOM", "EPU"})
_PARSE_CACHE = {}


class DeviceSpec:
    """A (possibly partial) device specification: job, replica, task, device type and index."""

    __slots__ = ("job", "replica", "task", "device_type", "device_index")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self.job = job
        self.replica = None if replica is None else int(replica)
        self.task = None if task is None else int(task)
        self.device_type = device_type
        self.device_index = None if device_index is None else int(device_index)

    @classmethod
    def from_string(cls, spec):
        return cls(*_parse(spec))

    def to_string(self):
        parts = []
        if self.job is not None:
            parts.append("/job:" + self.job)
        if self.replica is not None:
            parts.append(f"/replica:{self.replica}")
        if self.task is not None:
            parts.append(f"/task:{self.task}")
        if self.device_type is not None:
            index = "*" if self.device_index is None else str(self.device_index)
            parts.append(f"/device:{self.device_type}:{index}")
        return "".join(parts)

    def make_merged_spec(self, dev):
        """Fields set in `dev` override this spec's (TF's DeviceSpec.make_merged_spec)."""
        return DeviceSpec(*(theirs if theirs is not None else ours for ours, theirs in
                            zip(self._components(), dev._components())))

    def replace(self, **kwargs):
        fields = dict(zip(self.__slots__, self._components()))
        fields.update(kwargs)
        return DeviceSpec(**fields)

    def _components(self):
        return (self.job, self.replica, self.task, self.device_type, self.device_index)

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self._components() == other._components()

    def __hash__(self):
        return hash(self._components())

    def __repr__(self):
        return f"<DeviceSpec {self.to_string()!r}>"


def _parse(spec):
    cached = _PARSE_CACHE.get(spec)
    if cached is not None:
        return cached
    job = replica = task = device_type = device_index = None
    for part in (spec or "").split("/"):
        fields = part.split(":")
        if fields[0] == "":
            continue
        if len(fields) == 2 and fields[0] == "job":
            job = fields[1]
        elif len(fields) == 2 and fields[0] == "replica":
            replica = int(fields[1])
        elif len(fields) == 2 and fields[0] == "task":
            task = int(fields[1])
        elif len(fields) in (1, 2) and fields[0].upper() in _VALID_DEVICE_TYPES:
            if device_type is not None:
                raise ValueError(f"Multiple device types are not allowed while parsing the "
                                 f"device spec: {spec}.")
            device_type = fields[0].upper()
            if len(fields) == 2 and fields[1] != "*":
                device_index = int(fields[1])
        elif len(fields) == 3 and fields[0] == "device":
            if device_type is not None:
                raise ValueError(f"Multiple device types are not allowed while parsing the "
                                 f"device spec: {spec}.")
            device_type = fields[1].upper() if fields[1].upper() in _VALID_DEVICE_TYPES \
                else fields[1]
            if fields[2] != "*":
                device_index = int(fields[2])
        else:
            raise ValueError(f"Unknown attribute '{fields[0]}' is encountered while parsing "
                             f"the device spec: '{spec}'.")
    result = (job, replica, task, device_type, device_index)
    _PARSE_CACHE[spec] = result
    return result


def canonical_name(spec):
    """The canonical string of a device given as a string, DeviceSpec or None."""
    if spec is None:
        return ""
    if isinstance(spec, DeviceSpec):
        return spec.to_string()
    return DeviceSpec.from_string(spec).to_string()


def merge(outer, inner):
    """The device string in effect when `inner` is entered inside `outer` (both strings)."""
    if not outer:
        return canonical_name(inner)
    return DeviceSpec.from_string(outer).make_merged_spec(
        DeviceSpec.from_string(inner)).to_string()


EAGER_DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"
