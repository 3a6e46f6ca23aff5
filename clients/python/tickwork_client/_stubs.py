"""The generated tickwork.v1 modules, with a clear message when they have not been generated yet."""

try:
    from tickwork.v1 import (  # noqa: F401  (re-exported)
        admin_pb2,
        admin_pb2_grpc,
        common_pb2,
        events_pb2,
        events_pb2_grpc,
        jobs_pb2,
        jobs_pb2_grpc,
        schedules_pb2,
        schedules_pb2_grpc,
        trigger_pb2,
        workers_pb2,
        workers_pb2_grpc,
    )
except ImportError as error:  # pragma: no cover - depends on the checkout
    raise ImportError(
        "tickwork_client: the tickwork.v1 stubs are missing. Generate them with "
        "clients/python/generate.sh (needs Debian's protobuf-compiler and protobuf-compiler-grpc) "
        f"and put clients/python on sys.path. ({error})"
    ) from error
