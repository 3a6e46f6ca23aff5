"""Worker: runs Python handlers for a tickwork server over WorkerService.Connect.

    worker = Worker("127.0.0.1:7420", concurrency=4)

    @worker.handler("cancel-order")
    def cancel_order(job):
        ...                      # job.payload, job.progress(...), job.cancelled
        return {"cancelled": True}

    worker.run()                 # until stop() (or SIGINT in the calling code)

The server holds the leases: the worker grants one credit per free slot, runs what it is assigned in a
thread pool, heartbeats the attempts it runs, and reports each outcome fenced by its attempt number.
Python cannot kill a thread, so aborts (the job was cancelled, paused or deleted; its lease or time
ran out) are cooperative: `job.cancelled` is set, and the handler's late result is not reported.
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

import grpc

from ._stubs import common_pb2, workers_pb2, workers_pb2_grpc
from .convert import from_timestamp, to_value
from .errors import from_rpc_error
from .models import Job

log = logging.getLogger("tickwork_client.worker")

AGENT = "tickwork-python/0.1"


class NonRetryableError(Exception):
    """Raise it (or any exception with `retryable = False`) to fail the job now, whatever attempts
    remain. `code` is stored as the failure's code."""

    retryable = False

    def __init__(self, message: str, code: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code


class JobCancelled(Exception):
    """What `JobContext.check()` raises once the server aborted the attempt."""


@dataclass
class JobContext:
    """What a handler receives: the job, its payload, and ways to report progress and notice aborts."""

    job: Job
    attempt: int
    idempotency_key: str
    deadline: Optional[float]
    cancelled: threading.Event
    _report_progress: Callable[[Any], None] = field(repr=False)
    abort_reason: Optional[str] = None

    @property
    def payload(self) -> Any:
        return self.job.payload

    @property
    def id(self) -> str:
        return self.job.id

    def progress(self, value: Any) -> None:
        """Stores `value` (JSON) on the job as its progress and publishes job.progress."""
        self._report_progress(value)

    def check(self) -> None:
        """Raises JobCancelled if the attempt was aborted: call it between steps of long work."""
        if self.cancelled.is_set():
            raise JobCancelled(self.abort_reason or "aborted")


Handler = Callable[[JobContext], Any]


@dataclass
class _Running:
    ctx: JobContext
    reported: bool = False


class Worker:
    """A remote worker. `concurrency` handlers run at once (one credit each)."""

    def __init__(
        self,
        address: str,
        token: Optional[str] = None,
        *,
        namespace: str = "default",
        concurrency: int = 4,
        queues: Optional[list[str]] = None,
        worker_id: Optional[str] = None,
        reconnect_delay: float = 1.0,
        channel: Optional[grpc.Channel] = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency: at least 1")
        self.address = address
        self.namespace = namespace
        self.concurrency = concurrency
        self.queues = list(queues or [])
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.reconnect_delay = reconnect_delay
        self._metadata = (("authorization", f"Bearer {token}"),) if token else ()
        self._channel = channel or grpc.insecure_channel(address)
        self._owns_channel = channel is None
        self._stub = workers_pb2_grpc.WorkerServiceStub(self._channel)
        self._handlers: dict[str, Handler] = {}
        self._running: dict[tuple[str, int], _Running] = {}
        self._lock = threading.Lock()
        self._pool: Optional[ThreadPoolExecutor] = None
        self._outgoing: Optional[queue.Queue[Optional[workers_pb2.ConnectRequest]]] = None
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._connected = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._call: Any = None
        self.heartbeat_interval = 5.0
        self.acks: "queue.Queue[tuple[str, int, str]]" = queue.Queue()  # (job id, attempt, status): for tests and logs

    # ── registration ──

    def handler(self, name: str) -> Callable[[Handler], Handler]:
        """Decorator: `@worker.handler('cancel-order')` registers the function under that name."""

        def register(fn: Handler) -> Handler:
            self.register(name, fn)
            return fn

        return register

    def register(self, name: str, fn: Handler) -> None:
        if self._thread is not None:
            raise RuntimeError("register handlers before the worker starts")
        self._handlers[name] = fn

    # ── life cycle ──

    def start(self) -> "Worker":
        """Runs the worker in a background thread; returns once it is connected."""
        self._thread = threading.Thread(target=self.run, name=f"tickwork-worker-{self.worker_id}", daemon=True)
        self._thread.start()
        while not self._connected.wait(0.05):
            if not self._thread.is_alive():
                raise RuntimeError("the worker stopped before it connected")
        return self

    @property
    def stopping(self) -> bool:
        """True once stop() began: no new jobs are taken."""
        return self._stopping.is_set()

    def wait_connected(self, timeout: Optional[float] = None) -> bool:
        return self._connected.wait(timeout)

    def run(self) -> None:
        """Connects and runs handlers until stop(); reconnects (same worker id) after a lost stream."""
        if not self._handlers:
            raise RuntimeError("register at least one handler")
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="tickwork-handler")
        try:
            while not self._stopping.is_set():
                try:
                    self._session()
                except grpc.RpcError as error:
                    typed = from_rpc_error(error)
                    if not typed.retryable and typed.status != grpc.StatusCode.CANCELLED:
                        raise typed from None
                    log.warning("worker stream lost (%s); reconnecting", typed)
                if not self._stopping.is_set():
                    self._stopping.wait(self.reconnect_delay)
        finally:
            self._pool.shutdown(wait=True)
            if self._owns_channel:
                self._channel.close()
            self._stopped.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Graceful stop: no new jobs, let running handlers finish (within `timeout`), report their
        results, then close the stream."""
        self._stopping.set()
        out = self._outgoing
        if out is not None:
            out.put(workers_pb2.ConnectRequest(drain=workers_pb2.WorkerDrain()))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    break
            time.sleep(0.02)
        if out is not None:
            out.put(None)  # half-close: the server sends the last acks, then ends the stream
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(max(0.0, deadline - time.monotonic()) + 5)
        if self._call is not None and not self._stopped.is_set():
            self._call.cancel()

    def __enter__(self) -> "Worker":
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # ── one stream ──

    def _requests(self, out: "queue.Queue[Optional[workers_pb2.ConnectRequest]]") -> Iterator[workers_pb2.ConnectRequest]:
        while True:
            message = out.get()
            if message is None:
                return
            yield message

    def _session(self) -> None:
        out: queue.Queue[Optional[workers_pb2.ConnectRequest]] = queue.Queue()
        hello = workers_pb2.WorkerHello(
            worker_id=self.worker_id,
            namespace=self.namespace,
            handlers=sorted(self._handlers),
            queues=self.queues,
            agent=AGENT,
        )
        out.put(workers_pb2.ConnectRequest(hello=hello))
        call = self._stub.Connect(self._requests(out), metadata=self._metadata)
        self._call = call
        heartbeats = threading.Event()
        try:
            for response in call:
                kind = response.WhichOneof("message")
                if kind == "welcome":
                    w = response.welcome
                    self.heartbeat_interval = max(0.05, w.heartbeat_interval.seconds + w.heartbeat_interval.nanos / 1e9)
                    self._outgoing = out
                    # Results of attempts that outlived the previous stream go out on this one.
                    with self._lock:
                        free = self.concurrency - len(self._running)
                    if self._stopping.is_set():
                        out.put(workers_pb2.ConnectRequest(drain=workers_pb2.WorkerDrain()))
                        out.put(None)
                    elif free > 0:
                        out.put(workers_pb2.ConnectRequest(credit=workers_pb2.CreditGrant(credits=free)))
                    threading.Thread(target=self._heartbeat, args=(out, heartbeats), daemon=True).start()
                    self._connected.set()
                elif kind == "assignment":
                    self._assign(response.assignment)
                elif kind == "abort":
                    self._abort(response.abort)
                elif kind == "ack":
                    a = response.ack
                    status = workers_pb2.ResultAckStatus.Name(a.status).removeprefix("RESULT_ACK_STATUS_").lower()
                    self.acks.put((a.attempt.job_id, a.attempt.attempt, status))
        finally:
            heartbeats.set()
            if self._outgoing is out:
                self._outgoing = None
            out.put(None)
        if not self._stopping.is_set():
            log.warning("the server ended the worker stream; reconnecting")

    def _heartbeat(self, out: "queue.Queue[Optional[workers_pb2.ConnectRequest]]", stop: threading.Event) -> None:
        while not stop.wait(self.heartbeat_interval):
            now = time.time()
            running = []
            with self._lock:
                for (job_id, attempt), r in list(self._running.items()):
                    if r.reported:
                        continue  # aborted or timed out: its thread still runs, its lease is gone
                    if r.ctx.deadline is not None and now >= r.ctx.deadline:
                        r.ctx.abort_reason = "timeout"
                        r.ctx.cancelled.set()
                        self._report(r, failure=("the attempt exceeded its timeout", "TimeoutError", "JOB_TIMEOUT", True))
                        continue
                    running.append(workers_pb2.AttemptRef(job_id=job_id, attempt=attempt))
            out.put(workers_pb2.ConnectRequest(heartbeat=workers_pb2.WorkerHeartbeat(running=running)))

    def _assign(self, a: workers_pb2.JobAssignment) -> None:
        job = Job.from_proto(a.job)
        ref = (job.id, a.attempt)
        deadline = from_timestamp(a, "deadline")
        ctx = JobContext(
            job=job,
            attempt=a.attempt,
            idempotency_key=a.idempotency_key,
            deadline=deadline.timestamp() if deadline else None,
            cancelled=threading.Event(),
            _report_progress=lambda value: self._send_progress(ref, value),
        )
        running = _Running(ctx)
        with self._lock:
            self._running[ref] = running
        fn = self._handlers.get(job.handler or "")
        assert self._pool is not None
        self._pool.submit(self._execute, running, fn)

    def _execute(self, running: _Running, fn: Optional[Handler]) -> None:
        ctx = running.ctx
        outcome: dict[str, Any]
        try:
            if fn is None:
                raise NonRetryableError(f"no handler {ctx.job.handler!r} in this worker", "UNKNOWN_HANDLER")
            result = fn(ctx)
            to_value(result, "result")  # not JSON: a failure now, not a refused report
            outcome = {"result": result}
        except BaseException as error:  # the handler's failure is the job's, never the worker's
            code = getattr(error, "code", None)
            outcome = {
                "failure": (
                    str(error) or type(error).__name__,
                    type(error).__name__,
                    code if isinstance(code, str) else "",
                    getattr(error, "retryable", True) is not False,
                ),
                "stack": "".join(traceback.format_exception(error)),
            }
        with self._lock:
            ref = (ctx.job.id, ctx.attempt)
            if self._running.get(ref) is running:
                del self._running[ref]
            self._report(running, **outcome)
            # The slot is free only now that the thread is: one credit back.
            out = self._outgoing
            if out is not None and not self._stopping.is_set():
                out.put(workers_pb2.ConnectRequest(credit=workers_pb2.CreditGrant(credits=1)))

    def _report(self, running: _Running, *, result: Any = None, failure: Optional[tuple[str, str, str, bool]] = None, stack: str = "") -> None:
        """Sends an attempt's outcome, once; nothing for an attempt the server aborted (it would be
        stale). Caller holds the lock."""
        if running.reported:
            return
        running.reported = True
        ctx = running.ctx
        if ctx.cancelled.is_set() and ctx.abort_reason != "timeout":
            return
        attempt = workers_pb2.AttemptRef(job_id=ctx.job.id, attempt=ctx.attempt)
        if failure is None:
            message = workers_pb2.JobResult(attempt=attempt, succeeded=workers_pb2.JobSucceeded(result=to_value(result, "result")))
        else:
            text, name, code, retryable = failure
            error = common_pb2.JobFailure(message=text, name=name, code=code, retryable=retryable, stack=stack)
            message = workers_pb2.JobResult(attempt=attempt, failed=workers_pb2.JobFailed(error=error))
        out = self._outgoing
        if out is None:
            return  # no stream now: the lease expires and the job runs again (at least once)
        out.put(workers_pb2.ConnectRequest(result=message))

    def _send_progress(self, ref: tuple[str, int], value: Any) -> None:
        out = self._outgoing
        if out is None:
            return
        progress = workers_pb2.JobProgress(attempt=workers_pb2.AttemptRef(job_id=ref[0], attempt=ref[1]), progress=to_value(value, "progress"))
        out.put(workers_pb2.ConnectRequest(progress=progress))

    def _abort(self, abort: workers_pb2.JobAbort) -> None:
        ref = (abort.attempt.job_id, abort.attempt.attempt)
        reason = workers_pb2.JobAbortReason.Name(abort.reason).removeprefix("JOB_ABORT_REASON_").lower()
        with self._lock:
            running = self._running.get(ref)
            if running is None or running.reported:
                return
            running.ctx.abort_reason = reason
            running.ctx.cancelled.set()
            running.reported = True  # the server has let go of it: its result would be stale
