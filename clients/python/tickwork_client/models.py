"""What calls return: plain dataclasses with Python types (datetime, timedelta, JSON values)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from ._stubs import common_pb2, events_pb2
from .convert import enum_name, event_type_name, from_duration, from_timestamp, from_value


@dataclass(frozen=True)
class JobFailure:
    """What a job keeps of a failed attempt."""

    message: str
    name: str
    code: Optional[str]
    retryable: bool
    stack: Optional[str] = None


@dataclass(frozen=True)
class Job:
    """A job as stored. `state` is 'scheduled', 'queued', 'running', 'succeeded', 'failed',
    'cancelled' or 'paused'. Exactly one of `handler` and `url` is set."""

    id: str
    namespace: str
    queue: str
    handler: Optional[str]
    url: Optional[str]
    payload: Any
    state: str
    run_at: Optional[dt.datetime]
    priority: int
    attempt: int
    max_attempts: int
    key: Optional[str]
    schedule_id: Optional[str]
    fire_time: Optional[dt.datetime]
    error: Optional[JobFailure]
    progress: Any
    result: Any
    timeout: Optional[dt.timedelta]
    deadline: Optional[dt.datetime]
    stalls: int
    paused_from: Optional[str]
    lease_owner: Optional[str]
    created_at: Optional[dt.datetime]
    updated_at: Optional[dt.datetime]
    started_at: Optional[dt.datetime]
    finished_at: Optional[dt.datetime]

    @property
    def is_final(self) -> bool:
        return self.state in ("succeeded", "failed", "cancelled")

    @staticmethod
    def from_proto(job: common_pb2.Job) -> "Job":
        target = job.WhichOneof("target")
        return Job(
            id=job.id,
            namespace=job.namespace,
            queue=job.queue,
            handler=job.handler if target == "handler" else None,
            url=job.http.url if target == "http" else None,
            payload=from_value(job.payload) if job.HasField("payload") else None,
            state=enum_name(common_pb2.JobState, "JOB_STATE_", job.state) or "unspecified",
            run_at=from_timestamp(job, "run_at"),
            priority=job.priority,
            attempt=job.attempt,
            max_attempts=job.max_attempts,
            key=job.key or None,
            schedule_id=job.schedule_id or None,
            fire_time=from_timestamp(job, "fire_time"),
            error=_failure(job.error) if job.HasField("error") else None,
            progress=from_value(job.progress) if job.HasField("progress") else None,
            result=from_value(job.result) if job.HasField("result") else None,
            timeout=from_duration(job.timeout) if job.HasField("timeout") else None,
            deadline=from_timestamp(job, "deadline"),
            stalls=job.stalls,
            paused_from=enum_name(common_pb2.JobState, "JOB_STATE_", job.paused_from),
            lease_owner=job.lease_owner or None,
            created_at=from_timestamp(job, "created_at"),
            updated_at=from_timestamp(job, "updated_at"),
            started_at=from_timestamp(job, "started_at"),
            finished_at=from_timestamp(job, "finished_at"),
        )


def _failure(e: common_pb2.JobFailure) -> JobFailure:
    return JobFailure(message=e.message, name=e.name, code=e.code or None, retryable=e.retryable, stack=e.stack or None)


@dataclass(frozen=True)
class EnqueueResult:
    """What enqueue did: `outcome` is 'created', 'existing' or 'replaced'."""

    job: Job
    outcome: str


@dataclass(frozen=True)
class Schedule:
    """A schedule as stored. `trigger` and `job` (the template) are dicts in the proto's JSON form
    (`{'cron': {'expression': '0 3 * * *', 'timezone': 'Asia/Shanghai'}}`)."""

    id: str
    namespace: str
    trigger: dict[str, Any]
    job: dict[str, Any]
    paused: bool
    next_fire_at: Optional[dt.datetime]
    last_fire_at: Optional[dt.datetime]
    fire_count: int
    misfire_count: int
    created_at: Optional[dt.datetime]
    updated_at: Optional[dt.datetime]
    raw: common_pb2.Schedule = field(repr=False, compare=False)

    @staticmethod
    def from_proto(s: common_pb2.Schedule) -> "Schedule":
        from google.protobuf import json_format

        template = json_format.MessageToDict(s.job, preserving_proto_field_name=True)
        if s.job.HasField("payload"):
            template["payload"] = from_value(s.job.payload)
        return Schedule(
            id=s.id,
            namespace=s.namespace,
            trigger=json_format.MessageToDict(s.trigger, preserving_proto_field_name=True),
            job=template,
            paused=s.paused,
            next_fire_at=from_timestamp(s, "next_fire_at"),
            last_fire_at=from_timestamp(s, "last_fire_at"),
            fire_count=s.fire_count,
            misfire_count=s.misfire_count,
            created_at=from_timestamp(s, "created_at"),
            updated_at=from_timestamp(s, "updated_at"),
            raw=s,
        )


@dataclass(frozen=True)
class Event:
    """One transition. `type` is the dotted name ('job.succeeded', 'schedule.fired'); job events set
    `job_id`, `state`, `attempt` and `data`; schedule events set `schedule_id`, `fire_time`, `reason`."""

    type: str
    namespace: str
    at: Optional[dt.datetime]
    job_id: Optional[str] = None
    queue: Optional[str] = None
    handler: Optional[str] = None
    state: Optional[str] = None
    attempt: int = 0
    data: Any = None
    schedule_id: Optional[str] = None
    fire_time: Optional[dt.datetime] = None
    reason: Optional[str] = None
    dropped: int = 0

    @staticmethod
    def from_proto(e: events_pb2.Event, dropped: int = 0) -> "Event":
        base = dict(type=event_type_name(e.type) or "unspecified", namespace=e.namespace, at=from_timestamp(e, "at"))
        subject = e.WhichOneof("subject")
        if subject == "job":
            j = e.job
            return Event(
                **base,
                job_id=j.job_id,
                queue=j.queue,
                handler=j.handler or None,
                state=enum_name(common_pb2.JobState, "JOB_STATE_", j.state),
                attempt=j.attempt,
                data=from_value(j.data) if j.HasField("data") else None,
                schedule_id=j.schedule_id or None,
                dropped=dropped,
            )
        if subject == "schedule":
            s = e.schedule
            return Event(
                **base,
                schedule_id=s.schedule_id,
                fire_time=from_timestamp(s, "fire_time"),
                job_id=s.job_id or None,
                reason=s.reason or None,
                dropped=dropped,
            )
        return Event(**base, dropped=dropped)
