"""tickwork_client: call a tickwork server from Python, and run Python handlers for it.

    from tickwork_client import Client, Worker, NotFound

Only the standard library, grpcio and protobuf. The tickwork.v1 stubs are generated from the
repository's proto/ by clients/python/generate.sh.
"""

from .client import Admin, Client, Events, Jobs, Schedules
from .errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    TickworkError,
    Unauthenticated,
    Unavailable,
)
from .models import EnqueueResult, Event, Job, JobFailure, Schedule
from .worker import JobCancelled, JobContext, NonRetryableError, Worker

__version__ = "0.1.0"

__all__ = [
    "Admin",
    "AlreadyExists",
    "Client",
    "EnqueueResult",
    "Event",
    "Events",
    "FailedPrecondition",
    "InvalidArgument",
    "Job",
    "JobCancelled",
    "JobContext",
    "JobFailure",
    "Jobs",
    "NonRetryableError",
    "NotFound",
    "PermissionDenied",
    "ResourceExhausted",
    "Schedule",
    "Schedules",
    "TickworkError",
    "Unauthenticated",
    "Unavailable",
    "Worker",
]
