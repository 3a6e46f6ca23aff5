"""Client: the tickwork service over gRPC, as plain Python calls.

    client = Client("127.0.0.1:7420")
    job = client.jobs.enqueue("cancel-order", {"orderId": 42}, delay="30m", key="order:42")
    client.jobs.cancel(key="order:42")

Every method raises a TickworkError subclass (errors.py) on failure; results are dataclasses
(models.py). Streams (jobs.watch, events.subscribe) are generators: leaving the loop, or close(),
cancels the call.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar

import grpc
from google.protobuf import json_format

from ._stubs import (
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
)
from .convert import (
    DurationLike,
    TimeLike,
    enum_name,
    enum_value,
    event_type,
    job_state,
    key_conflict,
    to_duration,
    to_timestamp,
    to_value,
)
from .errors import from_rpc_error
from .models import EnqueueResult, Event, Job, Schedule

T = TypeVar("T")

_UNSET: Any = object()


class Client:
    """A connection to a tickwork server. `address` is `host:port` (gRPC over HTTP/2 cleartext);
    `token` is sent as `authorization: Bearer <token>`; `namespace` is the default for every call."""

    def __init__(
        self,
        address: str,
        token: Optional[str] = None,
        *,
        namespace: str = "default",
        timeout: Optional[float] = 30.0,
        channel: Optional[grpc.Channel] = None,
    ) -> None:
        self.address = address
        self.namespace = namespace
        self.timeout = timeout
        self._metadata = (("authorization", f"Bearer {token}"),) if token else ()
        self.channel = channel or grpc.insecure_channel(address)
        self.jobs = Jobs(self)
        self.schedules = Schedules(self)
        self.events = Events(self)
        self.admin = Admin(self)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ── plumbing ──

    def _unary(self, method: Callable[..., T], request: Any) -> T:
        try:
            return method(request, timeout=self.timeout, metadata=self._metadata)
        except grpc.RpcError as error:
            raise from_rpc_error(error) from None

    def _stream(self, method: Callable[..., Any], request: Any) -> Iterator[Any]:
        call = method(request, metadata=self._metadata)
        try:
            for message in call:
                yield message
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.CANCELLED and not call.is_active():
                return
            raise from_rpc_error(error) from None
        finally:
            call.cancel()

    def _ns(self, namespace: Optional[str]) -> str:
        return self.namespace if namespace is None else namespace


def _selector(id: Optional[str], key: Optional[str]) -> dict[str, str]:
    if (id is None) == (key is None):
        raise TypeError("name the job by exactly one of id= and key=")
    return {"id": id} if id is not None else {"key": key}  # type: ignore[dict-item]


def _backoff(backoff: Optional[dict[str, Any]]) -> Optional[common_pb2.BackoffPolicy]:
    """{'type': 'fixed'|'exponential', 'delay': '1s', 'max_delay': '1h', 'jitter': 0.2}"""
    if backoff is None:
        return None
    policy = common_pb2.BackoffPolicy()
    if "type" in backoff:
        policy.type = enum_value(common_pb2.BackoffType, "BACKOFF_TYPE_", backoff["type"], "backoff.type")
    if "delay" in backoff:
        policy.delay.CopyFrom(to_duration(backoff["delay"], "backoff.delay"))
    if "max_delay" in backoff:
        policy.max_delay.CopyFrom(to_duration(backoff["max_delay"], "backoff.max_delay"))
    if "jitter" in backoff:
        policy.jitter = backoff["jitter"]
    return policy


def _http(url: str, headers: Optional[dict[str, str]]) -> common_pb2.HttpTarget:
    return common_pb2.HttpTarget(url=url, headers=headers or {})


class Jobs:
    """JobService."""

    def __init__(self, client: Client) -> None:
        self._c = client
        self._stub = jobs_pb2_grpc.JobServiceStub(client.channel)

    def submission(
        self,
        handler: Optional[str] = None,
        payload: Any = None,
        *,
        url: Optional[str] = None,
        headers: Optional[dict[str, str]] = None,
        id: Optional[str] = None,
        delay: Optional[DurationLike] = None,
        run_at: Optional[TimeLike] = None,
        key: Optional[str] = None,
        on_key_conflict: Optional[str] = None,
        queue: Optional[str] = None,
        priority: Optional[int] = None,
        max_attempts: Optional[int] = None,
        backoff: Optional[dict[str, Any]] = None,
        timeout: Optional[DurationLike] = None,
        paused: bool = False,
    ) -> jobs_pb2.JobSubmission:
        """The JobSubmission message for these arguments (what enqueue and enqueue_batch send)."""
        if delay is not None and run_at is not None:
            raise TypeError("give at most one of delay= and run_at=")
        job = jobs_pb2.JobSubmission(id=id or "", key=key or "", queue=queue or "", paused=paused)
        if url is not None:
            job.http.CopyFrom(_http(url, headers))
        elif handler is not None:
            job.handler = handler
        if payload is not None:
            job.payload.CopyFrom(to_value(payload))
        if delay is not None:
            job.delay.CopyFrom(to_duration(delay, "delay"))
        if run_at is not None:
            job.run_at.CopyFrom(to_timestamp(run_at, "run_at"))
        if on_key_conflict is not None:
            job.key_conflict = key_conflict(on_key_conflict)
        if priority is not None:
            job.priority = priority
        if max_attempts is not None:
            job.max_attempts = max_attempts
        policy = _backoff(backoff)
        if policy is not None:
            job.backoff.CopyFrom(policy)
        if timeout is not None:
            job.timeout.CopyFrom(to_duration(timeout, "timeout"))
        return job

    def enqueue(self, handler: Optional[str] = None, payload: Any = None, *, namespace: Optional[str] = None, **options: Any) -> Job:
        """Submits one job and returns it once durable. Options: url, headers, id, delay ('30m',
        seconds or a timedelta), run_at (datetime), key, on_key_conflict ('return-existing',
        'replace', 'reject'), queue, priority, max_attempts, backoff, timeout, paused."""
        return self.enqueue_ex(handler, payload, namespace=namespace, **options).job

    def enqueue_ex(self, handler: Optional[str] = None, payload: Any = None, *, namespace: Optional[str] = None, **options: Any) -> EnqueueResult:
        """enqueue, also saying whether the job was created, existing or replaced."""
        request = jobs_pb2.EnqueueRequest(namespace=self._c._ns(namespace), job=self.submission(handler, payload, **options))
        response = self._c._unary(self._stub.Enqueue, request)
        return EnqueueResult(Job.from_proto(response.job), enum_name(jobs_pb2.EnqueueOutcome, "ENQUEUE_OUTCOME_", response.outcome) or "")

    def enqueue_batch(self, jobs: Iterable[jobs_pb2.JobSubmission], *, namespace: Optional[str] = None) -> list[str]:
        """Submits many jobs (built with `submission`) in one durable write; returns their ids."""
        request = jobs_pb2.EnqueueBatchRequest(namespace=self._c._ns(namespace), jobs=list(jobs))
        return [r.job_id for r in self._c._unary(self._stub.EnqueueBatch, request).results]

    def get(self, id: Optional[str] = None, *, key: Optional[str] = None, namespace: Optional[str] = None) -> Job:
        """A job by id, or the live job holding `key`. NotFound if none."""
        request = jobs_pb2.GetJobRequest(namespace=self._c._ns(namespace), **_selector(id, key))
        return Job.from_proto(self._c._unary(self._stub.GetJob, request).job)

    def list(
        self,
        *,
        states: Optional[Iterable[str]] = None,
        queues: Optional[Iterable[str]] = None,
        handlers: Optional[Iterable[str]] = None,
        key: Optional[str] = None,
        schedule_id: Optional[str] = None,
        payload_contains: Optional[str] = None,
        page_size: int = 0,
        page_token: str = "",
        namespace: Optional[str] = None,
    ) -> tuple[list[Job], str]:
        """One page of jobs, newest first, and the next page's token ('' on the last page)."""
        filter = jobs_pb2.JobFilter(
            states=[job_state(s, "states") for s in states or ()],
            queues=list(queues or ()),
            handlers=list(handlers or ()),
            key=key or "",
            schedule_id=schedule_id or "",
            payload_contains=payload_contains or "",
        )
        request = jobs_pb2.ListJobsRequest(namespace=self._c._ns(namespace), filter=filter, page_size=page_size, page_token=page_token)
        response = self._c._unary(self._stub.ListJobs, request)
        return [Job.from_proto(j) for j in response.jobs], response.next_page_token

    def iter(self, **filters: Any) -> Iterator[Job]:
        """Every job matching the filters of `list`, page after page."""
        token = ""
        while True:
            jobs, token = self.list(page_token=token, **filters)
            yield from jobs
            if not token:
                return

    def update(
        self,
        id: Optional[str] = None,
        *,
        key: Optional[str] = None,
        payload: Any = _UNSET,
        run_at: Optional[TimeLike] = None,
        priority: Optional[int] = None,
        queue: Optional[str] = None,
        max_attempts: Optional[int] = None,
        timeout: Optional[DurationLike] = None,
        namespace: Optional[str] = None,
    ) -> Job:
        """Changes a job that has not started (reschedule with run_at)."""
        patch = jobs_pb2.JobPatch()
        paths = []
        if payload is not _UNSET:
            paths.append("payload")
            if payload is not None:
                patch.payload.CopyFrom(to_value(payload))
        if run_at is not None:
            patch.run_at.CopyFrom(to_timestamp(run_at, "run_at"))
            paths.append("run_at")
        for name, value in (("priority", priority), ("queue", queue), ("max_attempts", max_attempts)):
            if value is not None:
                setattr(patch, name, value)
                paths.append(name)
        if timeout is not None:
            patch.timeout.CopyFrom(to_duration(timeout, "timeout"))
            paths.append("timeout")
        request = jobs_pb2.UpdateJobRequest(namespace=self._c._ns(namespace), patch=patch, **_selector(id, key))
        request.update_mask.paths.extend(paths)
        return Job.from_proto(self._c._unary(self._stub.UpdateJob, request).job)

    def pause(self, id: Optional[str] = None, *, key: Optional[str] = None, namespace: Optional[str] = None) -> Job:
        request = jobs_pb2.PauseJobRequest(namespace=self._c._ns(namespace), **_selector(id, key))
        return Job.from_proto(self._c._unary(self._stub.PauseJob, request).job)

    def resume(self, id: Optional[str] = None, *, key: Optional[str] = None, namespace: Optional[str] = None) -> Job:
        request = jobs_pb2.ResumeJobRequest(namespace=self._c._ns(namespace), **_selector(id, key))
        return Job.from_proto(self._c._unary(self._stub.ResumeJob, request).job)

    def cancel(
        self, id: Optional[str] = None, *, key: Optional[str] = None, reason: str = "", namespace: Optional[str] = None
    ) -> Job:
        """Cancels a live job (the order is paid: `cancel(key='order:42')`)."""
        request = jobs_pb2.CancelJobRequest(namespace=self._c._ns(namespace), reason=reason, **_selector(id, key))
        return Job.from_proto(self._c._unary(self._stub.CancelJob, request).job)

    def delete(self, id: Optional[str] = None, *, key: Optional[str] = None, namespace: Optional[str] = None) -> str:
        """Removes a job and its history; returns its id."""
        request = jobs_pb2.DeleteJobRequest(namespace=self._c._ns(namespace), **_selector(id, key))
        return self._c._unary(self._stub.DeleteJob, request).job_id

    def retry(self, id: str, *, namespace: Optional[str] = None) -> Job:
        """A failed or cancelled job, queued again with a fresh attempt budget."""
        request = jobs_pb2.RetryJobRequest(namespace=self._c._ns(namespace), id=id)
        return Job.from_proto(self._c._unary(self._stub.RetryJob, request).job)

    def watch(self, id: Optional[str] = None, *, key: Optional[str] = None, namespace: Optional[str] = None) -> Iterator[Job]:
        """The job now, then after each change, until it is final (the generator then ends)."""
        request = jobs_pb2.WatchJobRequest(namespace=self._c._ns(namespace), **_selector(id, key))
        for message in self._c._stream(self._stub.WatchJob, request):
            if message.HasField("job"):
                yield Job.from_proto(message.job)

    def wait(self, id: Optional[str] = None, *, key: Optional[str] = None, namespace: Optional[str] = None) -> Job:
        """Blocks until the job is final and returns it."""
        last = None
        for last in self.watch(id, key=key, namespace=namespace):
            if last.is_final:
                return last
        if last is None:
            raise RuntimeError("the watch ended without a job")
        return last


def _trigger(
    trigger: Optional[dict[str, Any]],
    cron: Optional[str],
    timezone: Optional[str],
    every: Optional[DurationLike],
    at: Optional[TimeLike],
) -> trigger_pb2.Trigger:
    given = [x for x in (trigger, cron, every, at) if x is not None]
    if len(given) != 1:
        raise TypeError("give exactly one of cron=, every=, at= and trigger=")
    if trigger is not None:
        return json_format.ParseDict(trigger, trigger_pb2.Trigger())
    t = trigger_pb2.Trigger()
    if cron is not None:
        t.cron.expression = cron
        t.cron.timezone = timezone or ""
    elif every is not None:
        t.interval.every.CopyFrom(to_duration(every, "every"))
    else:
        t.date.at.CopyFrom(to_timestamp(at, "at"))  # type: ignore[arg-type]
    return t


class Schedules:
    """ScheduleService."""

    def __init__(self, client: Client) -> None:
        self._c = client
        self._stub = schedules_pb2_grpc.ScheduleServiceStub(client.channel)

    def upsert(
        self,
        id: str,
        handler: Optional[str] = None,
        payload: Any = None,
        *,
        cron: Optional[str] = None,
        timezone: Optional[str] = None,
        every: Optional[DurationLike] = None,
        at: Optional[TimeLike] = None,
        trigger: Optional[dict[str, Any]] = None,
        url: Optional[str] = None,
        headers: Optional[dict[str, str]] = None,
        queue: Optional[str] = None,
        priority: Optional[int] = None,
        max_attempts: Optional[int] = None,
        backoff: Optional[dict[str, Any]] = None,
        timeout: Optional[DurationLike] = None,
        paused: bool = False,
        misfire_grace: Optional[DurationLike] = None,
        coalesce: Optional[str] = None,
        overlap: Optional[str] = None,
        max_catch_up: Optional[int] = None,
        namespace: Optional[str] = None,
    ) -> Schedule:
        """Creates or updates the schedule `id`. The trigger is one of cron= (with timezone=),
        every= ('1h'), at= (a datetime, once) or trigger= (a dict in the proto's JSON form)."""
        template = common_pb2.JobTemplate(queue=queue or "")
        if url is not None:
            template.http.CopyFrom(_http(url, headers))
        elif handler is not None:
            template.handler = handler
        if payload is not None:
            template.payload.CopyFrom(to_value(payload))
        if priority is not None:
            template.priority = priority
        if max_attempts is not None:
            template.max_attempts = max_attempts
        policy = _backoff(backoff)
        if policy is not None:
            template.backoff.CopyFrom(policy)
        if timeout is not None:
            template.timeout.CopyFrom(to_duration(timeout, "timeout"))
        schedule = common_pb2.Schedule(id=id, trigger=_trigger(trigger, cron, timezone, every, at), job=template, paused=paused)
        if misfire_grace is not None:
            schedule.misfire_grace.CopyFrom(to_duration(misfire_grace, "misfire_grace"))
        if coalesce is not None:
            schedule.coalesce = enum_value(common_pb2.CoalescePolicy, "COALESCE_POLICY_", coalesce, "coalesce")
        if overlap is not None:
            schedule.overlap = enum_value(common_pb2.OverlapPolicy, "OVERLAP_POLICY_", overlap, "overlap")
        if max_catch_up is not None:
            schedule.max_catch_up = max_catch_up
        request = schedules_pb2.UpsertScheduleRequest(namespace=self._c._ns(namespace), schedule=schedule)
        return Schedule.from_proto(self._c._unary(self._stub.UpsertSchedule, request).schedule)

    def get(self, id: str, *, namespace: Optional[str] = None) -> Schedule:
        request = schedules_pb2.GetScheduleRequest(namespace=self._c._ns(namespace), id=id)
        return Schedule.from_proto(self._c._unary(self._stub.GetSchedule, request).schedule)

    def list(
        self,
        *,
        paused: Optional[bool] = None,
        handler: Optional[str] = None,
        page_size: int = 0,
        page_token: str = "",
        namespace: Optional[str] = None,
    ) -> tuple[list[Schedule], str]:
        """One page of schedules by id, and the next page's token ('' on the last page)."""
        filter = schedules_pb2.ScheduleFilter(handler=handler or "")
        if paused is not None:
            filter.paused = paused
        request = schedules_pb2.ListSchedulesRequest(
            namespace=self._c._ns(namespace), filter=filter, page_size=page_size, page_token=page_token
        )
        response = self._c._unary(self._stub.ListSchedules, request)
        return [Schedule.from_proto(s) for s in response.schedules], response.next_page_token

    def pause(self, id: str, *, namespace: Optional[str] = None) -> Schedule:
        request = schedules_pb2.PauseScheduleRequest(namespace=self._c._ns(namespace), id=id)
        return Schedule.from_proto(self._c._unary(self._stub.PauseSchedule, request).schedule)

    def resume(self, id: str, *, namespace: Optional[str] = None) -> Schedule:
        request = schedules_pb2.ResumeScheduleRequest(namespace=self._c._ns(namespace), id=id)
        return Schedule.from_proto(self._c._unary(self._stub.ResumeSchedule, request).schedule)

    def delete(self, id: str, *, namespace: Optional[str] = None) -> None:
        request = schedules_pb2.DeleteScheduleRequest(namespace=self._c._ns(namespace), id=id)
        self._c._unary(self._stub.DeleteSchedule, request)

    def run_now(self, id: str, *, namespace: Optional[str] = None) -> Job:
        """Makes one occurrence now, outside the trigger; returns it."""
        request = schedules_pb2.RunScheduleNowRequest(namespace=self._c._ns(namespace), id=id)
        return Job.from_proto(self._c._unary(self._stub.RunScheduleNow, request).job)

    def preview(
        self,
        id: Optional[str] = None,
        *,
        cron: Optional[str] = None,
        timezone: Optional[str] = None,
        every: Optional[DurationLike] = None,
        at: Optional[TimeLike] = None,
        trigger: Optional[dict[str, Any]] = None,
        after: Optional[TimeLike] = None,
        count: int = 5,
        namespace: Optional[str] = None,
    ) -> list[dt.datetime]:
        """The next fire times of the stored schedule `id`, or of a trigger (cron=, every=, …)."""
        request = schedules_pb2.PreviewScheduleRequest(namespace=self._c._ns(namespace), count=count)
        if id is not None:
            request.schedule_id = id
        else:
            request.trigger.CopyFrom(_trigger(trigger, cron, timezone, every, at))
        if after is not None:
            request.after.CopyFrom(to_timestamp(after, "after"))
        response = self._c._unary(self._stub.PreviewSchedule, request)
        return [t.ToDatetime().replace(tzinfo=dt.timezone.utc) for t in response.fire_times]


class Events:
    """EventService."""

    def __init__(self, client: Client) -> None:
        self._c = client
        self._stub = events_pb2_grpc.EventServiceStub(client.channel)

    def subscribe(
        self,
        *,
        types: Optional[Iterable[str]] = None,
        job_ids: Optional[Iterable[str]] = None,
        queues: Optional[Iterable[str]] = None,
        schedule_ids: Optional[Iterable[str]] = None,
        namespace: Optional[str] = None,
    ) -> Iterator[Event]:
        """Events as they happen ('job.succeeded', 'schedule.fired', …) until the generator is closed."""
        filter = events_pb2.EventFilter(
            types=[event_type(t, "types") for t in types or ()],
            job_ids=list(job_ids or ()),
            queues=list(queues or ()),
            schedule_ids=list(schedule_ids or ()),
        )
        request = events_pb2.SubscribeRequest(namespace=self._c._ns(namespace), filter=filter)
        for message in self._c._stream(self._stub.Subscribe, request):
            yield Event.from_proto(message.event, message.dropped)


class Admin:
    """AdminService."""

    def __init__(self, client: Client) -> None:
        self._c = client
        self._stub = admin_pb2_grpc.AdminServiceStub(client.channel)

    def queue_stats(self, *, namespace: Optional[str] = None) -> dict[str, dict[str, Any]]:
        """{queue: {'paused': bool, 'counts': {'scheduled': n, 'queued': n, …, 'paused': n}}}"""
        request = admin_pb2.GetQueueStatsRequest(namespace=self._c._ns(namespace))
        out: dict[str, dict[str, Any]] = {}
        for q in self._c._unary(self._stub.GetQueueStats, request).queues:
            counts = {f.name: getattr(q.counts, f.name) for f in q.counts.DESCRIPTOR.fields}
            out[q.queue] = {"paused": q.paused, "counts": counts}
        return out

    def pause_queue(self, queue: str, *, namespace: Optional[str] = None) -> None:
        """No job starts from `queue` until resume_queue; it keeps accepting jobs."""
        self._c._unary(self._stub.PauseQueue, admin_pb2.PauseQueueRequest(namespace=self._c._ns(namespace), queue=queue))

    def resume_queue(self, queue: str, *, namespace: Optional[str] = None) -> None:
        self._c._unary(self._stub.ResumeQueue, admin_pb2.ResumeQueueRequest(namespace=self._c._ns(namespace), queue=queue))

    def health(self) -> str:
        """'serving', 'degraded' or 'not-serving'."""
        response = self._c._unary(self._stub.GetHealth, admin_pb2.GetHealthRequest())
        return enum_name(admin_pb2.HealthStatus, "HEALTH_STATUS_", response.status) or "unspecified"

    def version(self) -> dict[str, Any]:
        response = self._c._unary(self._stub.GetVersion, admin_pb2.GetVersionRequest())
        return json_format.MessageToDict(response, preserving_proto_field_name=True)
