"""Bad input through every path a Python caller has: each call fails with the status and the field it
should, and the server keeps serving and loses nothing."""

import json
import unittest
import urllib.error
import urllib.request

import grpc

from support import ADDRESS, ServerTestCase, unique
from tickwork_client import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    TickworkError,
)
from tickwork_client._stubs import jobs_pb2, jobs_pb2_grpc, workers_pb2, workers_pb2_grpc
from tickwork_client.errors import from_rpc_error


class BadInputTest(ServerTestCase):
    def setUp(self) -> None:
        # A job that must survive every bad call of the test.
        self.keeper = self.client.jobs.enqueue(unique("py-keeper"), {"keep": True}, delay="1h")

    def tearDown(self) -> None:
        self.assert_serving()
        self.assertEqual(self.client.jobs.get(self.keeper.id), self.keeper)

    def assertFails(self, kind, code, field, call):
        with self.assertRaises(kind) as caught:
            call()
        self.assertEqual(caught.exception.code, code, str(caught.exception))
        if isinstance(field, tuple):
            self.assertIn(caught.exception.field, field, str(caught.exception))
        else:
            self.assertEqual(caught.exception.field, field, str(caught.exception))
        self.assert_serving()
        return caught.exception

    # ── missing fields ──

    def test_missing_fields(self) -> None:
        jobs, schedules = self.client.jobs, self.client.schedules
        self.assertFails(InvalidArgument, "INVALID_ARGUMENT", "job.handler", lambda: jobs.enqueue(None, {}))
        self.assertFails(InvalidArgument, "INVALID_ARGUMENT", "schedule.job.handler", lambda: schedules.upsert(unique("s"), None, cron="0 3 * * *"))
        stub = jobs_pb2_grpc.JobServiceStub(self.client.channel)
        for method, request in [
            (stub.GetJob, jobs_pb2.GetJobRequest()),
            (stub.CancelJob, jobs_pb2.CancelJobRequest()),
            (stub.RetryJob, jobs_pb2.RetryJobRequest()),
            (stub.Enqueue, jobs_pb2.EnqueueRequest()),
        ]:
            with self.subTest(method=method._method):
                with self.assertRaises(grpc.RpcError) as caught:
                    method(request, timeout=10)
                error = from_rpc_error(caught.exception)
                self.assertIsInstance(error, InvalidArgument)
                self.assertTrue(error.field, f"{method._method} names the field: {error}")
        with self.assertRaises(grpc.RpcError) as caught:
            stub.EnqueueBatch(jobs_pb2.EnqueueBatchRequest(), timeout=10)
        self.assertEqual(from_rpc_error(caught.exception).field, "jobs")

    def test_out_of_range_values_name_the_field(self) -> None:
        jobs = self.client.jobs
        self.assertFails(InvalidArgument, "INVALID_ARGUMENT", "job.max_attempts", lambda: jobs.enqueue("x", max_attempts=0))
        self.assertFails(InvalidArgument, "INVALID_ARGUMENT", "job.priority", lambda: jobs.enqueue("x", priority=2_000_000))
        self.assertFails(InvalidArgument, "INVALID_ARGUMENT", "job.handler", lambda: jobs.enqueue("not a handler name!"))
        self.assertFails(InvalidArgument, "INVALID_ARGUMENT", "namespace", lambda: jobs.enqueue("x", namespace="no spaces"))

    def test_a_bad_item_fails_the_whole_batch_and_writes_nothing(self) -> None:
        handler = unique("py-batch")
        batch = [self.client.jobs.submission(handler, 1), self.client.jobs.submission(handler, 2, max_attempts=0)]
        self.assertFails(InvalidArgument, "INVALID_ARGUMENT", "jobs[1].max_attempts", lambda: self.client.jobs.enqueue_batch(batch))
        self.assertEqual(self.client.jobs.list(handlers=[handler])[0], [])

    # ── wrong types ──

    def test_wrong_types_are_refused_before_sending(self) -> None:
        jobs = self.client.jobs
        with self.assertRaises(ValueError):
            jobs.enqueue("x", {"when": object()})
        with self.assertRaises(ValueError):
            jobs.enqueue("x", float("nan"))
        with self.assertRaises(TypeError):
            jobs.enqueue("x", {}, delay=[1])
        with self.assertRaises(TypeError):
            jobs.enqueue("x", max_attempts="three")
        with self.assertRaises(ValueError):
            jobs.enqueue("x", on_key_conflict="overwrite")

    def test_wrong_json_types_over_connect_are_invalid_argument(self) -> None:
        host, port = ADDRESS.rsplit(":", 1)
        for body in ({"job": {"handler": 42}}, {"job": {"handler": "x", "maxAttempts": "many"}}, {"job": "not an object"}):
            with self.subTest(body=body):
                request = urllib.request.Request(
                    f"http://{host}:{port}/tickwork.v1.JobService/Enqueue",
                    data=json.dumps(body).encode(),
                    headers={"content-type": "application/json"},
                )
                with self.assertRaises(urllib.error.HTTPError) as caught:
                    urllib.request.urlopen(request, timeout=10)
                self.assertEqual(caught.exception.code, 400)
                self.assertEqual(json.loads(caught.exception.read())["code"], "invalid_argument")

    def test_malformed_protobuf_fails_the_call_not_the_server(self) -> None:
        raw = self.client.channel.unary_unary(
            "/tickwork.v1.JobService/Enqueue", request_serializer=lambda b: b, response_deserializer=lambda b: b
        )
        # Field 2 (job, a message) sent as a varint; a truncated length; garbage.
        for body in (b"\x10\x05", b"\x12\x03\x12\x01", b"\xff\xff\xff"):
            with self.subTest(body=body):
                with self.assertRaises(grpc.RpcError) as caught:
                    raw(body, timeout=10)
                # Connect (like grpc-go) answers an undecodable request INTERNAL, not INVALID_ARGUMENT.
                self.assertIn(caught.exception.code(), (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.INTERNAL))
                self.assertIn("parse", caught.exception.details())
                self.assert_serving()

    # ── sizes ──

    def test_a_huge_payload_is_resource_exhausted(self) -> None:
        handler = unique("py-huge")
        error = self.assertFails(
            ResourceExhausted, "PAYLOAD_TOO_LARGE", "job.payload", lambda: self.client.jobs.enqueue(handler, {"blob": "x" * 2_000_000})
        )
        self.assertEqual(error.status, grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertEqual(self.client.jobs.list(handlers=[handler])[0], [])

    # ── triggers ──

    def test_invalid_triggers_name_the_field(self) -> None:
        s = self.client.schedules
        error = self.assertFails(InvalidArgument, "INVALID_TRIGGER", "schedule.trigger.cron.expression", lambda: s.upsert(unique("s"), "x", cron="61 * * * *"))
        self.assertIn("61 * * * *", error.message)
        self.assertFails(InvalidArgument, "INVALID_TRIGGER", "schedule.trigger.cron.timezone", lambda: s.upsert(unique("s"), "x", cron="0 3 * * *", timezone="Mars/Olympus"))
        self.assertFails(InvalidArgument, "INVALID_TRIGGER", "trigger.cron.expression", lambda: s.preview(cron="every tuesday"))
        self.assertFails(InvalidArgument, "INVALID_TRIGGER", "schedule.trigger", lambda: s.upsert(unique("s"), "x", trigger={}))

    # ── unknown ids ──

    def test_unknown_ids_are_not_found(self) -> None:
        missing = unique("missing")
        jobs, schedules = self.client.jobs, self.client.schedules
        for call in (
            lambda: jobs.get(missing),
            lambda: jobs.get(key=missing),
            lambda: jobs.pause(missing),
            lambda: jobs.resume(missing),
            lambda: jobs.cancel(key=missing),
            lambda: jobs.retry(missing),
            lambda: jobs.delete(missing),
            lambda: list(jobs.watch(missing)),
        ):
            error = self.assertFails(NotFound, "JOB_NOT_FOUND", ("id", "key"), call)
            self.assertEqual(error.status, grpc.StatusCode.NOT_FOUND)
        for call in (
            lambda: schedules.get(missing),
            lambda: schedules.pause(missing),
            lambda: schedules.run_now(missing),
            lambda: schedules.delete(missing),
            lambda: schedules.preview(missing),
        ):
            self.assertFails(NotFound, "SCHEDULE_NOT_FOUND", ("id", "schedule_id"), call)

    # ── conflicts and states ──

    def test_key_conflict_is_already_exists(self) -> None:
        key = unique("order")
        first = self.client.jobs.enqueue("x", {}, key=key, delay="1h")
        error = self.assertFails(AlreadyExists, "JOB_KEY_CONFLICT", "job.key", lambda: self.client.jobs.enqueue("x", {}, key=key, on_key_conflict="reject"))
        self.assertEqual(error.details, {"key": key, "existingJobId": first.id})
        self.assertEqual(self.client.jobs.list(key=key)[0], [self.client.jobs.get(first.id)])

    def test_resuming_a_finished_job_is_failed_precondition(self) -> None:
        job = self.client.jobs.cancel(self.client.jobs.enqueue("x", {}, delay="1h").id)
        error = self.assertFails(FailedPrecondition, "INVALID_STATE", "state", lambda: self.client.jobs.resume(job.id))
        self.assertEqual(error.status, grpc.StatusCode.FAILED_PRECONDITION)
        queued = self.client.jobs.enqueue(unique("py-nobody"), {})
        self.assertFails(FailedPrecondition, "INVALID_STATE", "state", lambda: self.client.jobs.retry(queued.id))
        self.assertEqual(self.client.jobs.get(job.id).state, "cancelled")

    # ── the worker stream ──

    def test_a_worker_stream_must_start_with_a_hello(self) -> None:
        stub = workers_pb2_grpc.WorkerServiceStub(self.client.channel)
        for first in (
            workers_pb2.ConnectRequest(credit=workers_pb2.CreditGrant(credits=1)),
            workers_pb2.ConnectRequest(hello=workers_pb2.WorkerHello(worker_id="w")),  # no handlers
        ):
            with self.subTest(first=first.WhichOneof("message")):
                with self.assertRaises(grpc.RpcError) as caught:
                    list(stub.Connect(iter([first]), timeout=10))
                error = from_rpc_error(caught.exception)
                self.assertIsInstance(error, InvalidArgument)
                self.assertTrue(error.field.startswith("hello"), error)
                self.assert_serving()


if __name__ == "__main__":
    unittest.main()
