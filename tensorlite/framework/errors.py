"""TF's exception hierarchy (`tf.errors`): OpError carries the failing op and a message."""

# TF's canonical error codes (tensorflow/core/protobuf/error_codes.proto).
OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, \
    PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, \
    UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS = range(16)
UNAUTHENTICATED = 16


class OpError(Exception):
    """An error raised while running an op; `op` is the Operation (None when eager)."""

    def __init__(self, node_def, op, message, *args):
        super().__init__(message)
        self._node_def = node_def
        self._op = op
        self._message = message
        self._error_code = args[0] if args else self.default_code

    default_code = UNKNOWN

    @property
    def message(self):
        return self._message

    @property
    def op(self):
        return self._op

    @property
    def node_def(self):
        return self._node_def

    @property
    def error_code(self):
        return self._error_code

    @property
    def experimental_payloads(self):
        return {}

    def __str__(self):
        return self._message

    def __reduce__(self):
        return type(self), (self._node_def, self._op, self._message)


def _error_class(name, code, doc):
    cls = type(name, (OpError,), {"__doc__": doc, "default_code": code})

    def __init__(self, node_def, op, message, *args):
        OpError.__init__(self, node_def, op, message, code, *args[1:])

    cls.__init__ = __init__
    return cls


CancelledError = _error_class("CancelledError", CANCELLED, "An operation was cancelled.")
UnknownError = _error_class("UnknownError", UNKNOWN, "An unknown error.")
InvalidArgumentError = _error_class("InvalidArgumentError", INVALID_ARGUMENT,
                                    "An op received an invalid argument.")
DeadlineExceededError = _error_class("DeadlineExceededError", DEADLINE_EXCEEDED,
                                     "A deadline expired.")
NotFoundError = _error_class("NotFoundError", NOT_FOUND, "A requested entity was not found.")
AlreadyExistsError = _error_class("AlreadyExistsError", ALREADY_EXISTS,
                                  "An entity that we attempted to create already exists.")
PermissionDeniedError = _error_class("PermissionDeniedError", PERMISSION_DENIED,
                                     "The caller lacks permission.")
UnauthenticatedError = _error_class("UnauthenticatedError", UNAUTHENTICATED,
                                    "The request lacks valid credentials.")
ResourceExhaustedError = _error_class("ResourceExhaustedError", RESOURCE_EXHAUSTED,
                                      "Some resource has been exhausted.")
FailedPreconditionError = _error_class("FailedPreconditionError", FAILED_PRECONDITION,
                                       "The system is not in a state to run an operation.")
AbortedError = _error_class("AbortedError", ABORTED, "An operation was aborted.")
OutOfRangeError = _error_class("OutOfRangeError", OUT_OF_RANGE,
                               "An operation iterated past the valid range.")
UnimplementedError = _error_class("UnimplementedError", UNIMPLEMENTED,
                                  "An operation is not implemented.")
InternalError = _error_class("InternalError", INTERNAL, "An internal invariant was broken.")
UnavailableError = _error_class("UnavailableError", UNAVAILABLE,
                                "The runtime is currently unavailable.")
DataLossError = _error_class("DataLossError", DATA_LOSS,
                             "Unrecoverable data loss or corruption.")

_CODE_TO_CLASS = {cls.default_code: cls for cls in (
    CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError,
    AlreadyExistsError, PermissionDeniedError, UnauthenticatedError, ResourceExhaustedError,
    FailedPreconditionError, AbortedError, OutOfRangeError, UnimplementedError, InternalError,
    UnavailableError, DataLossError)}


def invalid_argument(message):
    """The InvalidArgumentError a kernel raises (no node or op: the runtime adds them)."""
    return InvalidArgumentError(None, None, message)


def exception_type_from_error_code(error_code):
    return _CODE_TO_CLASS[error_code]


def error_code_from_exception_type(cls):
    return cls.default_code


class OperatorNotAllowedInGraphError(TypeError):
    """Raised when a Python operation on a graph tensor (bool(), iteration) is not allowed."""
