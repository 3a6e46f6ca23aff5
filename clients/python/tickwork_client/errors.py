"""Typed errors: every failed call raises a TickworkError subclass chosen by its gRPC status.

The server attaches a tickwork.v1.ErrorDetail (stable code, field at fault, details) to each error, in
the `grpc-status-details-bin` trailer (a google.rpc.Status). Debian ships no python3-grpcio-status, so
the trailer is parsed with tickwork.v1.RpcStatus, which has the same wire shape.
"""

from __future__ import annotations

from typing import Any, Optional

import grpc
from google.protobuf import json_format

from ._stubs import common_pb2

_DETAIL_TYPE = "type.googleapis.com/tickwork.v1.ErrorDetail"


class TickworkError(Exception):
    """A failed call. `code` is tickwork's stable code (`JOB_NOT_FOUND`), `status` the gRPC one."""

    def __init__(
        self,
        message: str,
        *,
        status: Optional[grpc.StatusCode] = None,
        code: str = "UNSPECIFIED",
        field: Optional[str] = None,
        retryable: bool = False,
        details: Optional[dict[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.field = field
        self.retryable = retryable
        self.details = details or {}

    def __str__(self) -> str:
        where = f" (field {self.field})" if self.field else ""
        return f"{self.code}: {self.message}{where}"


class InvalidArgument(TickworkError):
    """INVALID_ARGUMENT: a field is missing, malformed or out of range; `field` names it."""


class NotFound(TickworkError):
    """NOT_FOUND: no job or schedule with that id (or key) in the namespace."""


class AlreadyExists(TickworkError):
    """ALREADY_EXISTS: a live job holds the key (`details['existingJobId']`)."""


class FailedPrecondition(TickworkError):
    """FAILED_PRECONDITION: not allowed in the current state (resuming a finished job)."""


class PermissionDenied(TickworkError):
    """PERMISSION_DENIED: the token does not cover this namespace or verb."""


class Unauthenticated(TickworkError):
    """UNAUTHENTICATED: no token, or a bad one."""


class Unavailable(TickworkError):
    """UNAVAILABLE: the server or its store cannot serve now; the same call may succeed later."""


class ResourceExhausted(TickworkError):
    """RESOURCE_EXHAUSTED: a payload or request over the server's limit."""


_BY_STATUS: dict[grpc.StatusCode, type[TickworkError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.ALREADY_EXISTS: AlreadyExists,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPrecondition,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
}


def _error_detail(error: grpc.RpcError) -> Optional[common_pb2.ErrorDetail]:
    trailers = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    for key, value in trailers or ():
        if key != "grpc-status-details-bin":
            continue
        status = common_pb2.RpcStatus()
        try:
            status.ParseFromString(value)
        except Exception:  # a malformed trailer: fall back to the status alone
            return None
        for any_ in status.details:
            if any_.type_url == _DETAIL_TYPE:
                detail = common_pb2.ErrorDetail()
                any_.Unpack(detail)
                return detail
    return None


def from_rpc_error(error: grpc.RpcError) -> TickworkError:
    """The typed error for a failed gRPC call."""
    status = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    message = (error.details() if hasattr(error, "details") else None) or str(status)
    cls = _BY_STATUS.get(status, TickworkError)
    detail = _error_detail(error)
    if detail is None:
        return cls(
            message,
            status=status,
            code=status.name if status else "UNSPECIFIED",
            retryable=status == grpc.StatusCode.UNAVAILABLE,
        )
    code = common_pb2.ErrorCode.Name(detail.code).removeprefix("ERROR_CODE_")
    return cls(
        detail.message or message,
        status=status,
        code=code,
        field=detail.field or None,
        retryable=detail.retryable or status == grpc.StatusCode.UNAVAILABLE,
        details=json_format.MessageToDict(detail.details) if detail.HasField("details") else {},
    )
