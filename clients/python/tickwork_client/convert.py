"""Plain Python values <-> tickwork.v1 messages: JSON payloads, times, durations, enums."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Optional, Union

from google.protobuf import duration_pb2, struct_pb2, timestamp_pb2

from ._stubs import common_pb2, events_pb2, jobs_pb2

Seconds = Union[int, float]
DurationLike = Union[dt.timedelta, Seconds, str]
TimeLike = Union[dt.datetime, Seconds]

# ─── JSON ↔ google.protobuf.Value ──────────────────────────────────────────────────────────────────

_SAFE_INT = 2**53


def to_value(data: Any, field: str = "payload") -> struct_pb2.Value:
    """A JSON-able Python value (dict, list, str, int, float, bool, None) as a Value."""
    value = struct_pb2.Value()
    _fill(value, data, field)
    return value


def _fill(value: struct_pb2.Value, data: Any, field: str) -> None:
    if data is None:
        value.null_value = struct_pb2.NULL_VALUE
    elif isinstance(data, bool):
        value.bool_value = data
    elif isinstance(data, (int, float)):
        if isinstance(data, float) and not math.isfinite(data):
            raise ValueError(f"{field}: {data} is not a JSON number")
        if isinstance(data, int) and abs(data) > _SAFE_INT:
            raise ValueError(f"{field}: {data} is beyond 2^53; send it as a string")
        value.number_value = data
    elif isinstance(data, str):
        value.string_value = data
    elif isinstance(data, dict):
        value.struct_value.Clear()
        for k, v in data.items():
            if not isinstance(k, str):
                raise ValueError(f"{field}: key {k!r} is not a string")
            _fill(value.struct_value.fields[k], v, f"{field}.{k}")
    elif isinstance(data, (list, tuple)):
        value.list_value.Clear()
        for i, v in enumerate(data):
            _fill(value.list_value.values.add(), v, f"{field}[{i}]")
    else:
        raise ValueError(f"{field}: {type(data).__name__} is not JSON")


def from_value(value: Optional[struct_pb2.Value]) -> Any:
    """A Value as plain Python. Integral numbers come back as int (JSON has one number type; a Value
    carries a double, so 42 would otherwise read as 42.0)."""
    if value is None:
        return None
    kind = value.WhichOneof("kind")
    if kind is None or kind == "null_value":
        return None
    if kind == "bool_value":
        return value.bool_value
    if kind == "number_value":
        n = value.number_value
        return int(n) if n.is_integer() and abs(n) <= _SAFE_INT else n
    if kind == "string_value":
        return value.string_value
    if kind == "struct_value":
        return {k: from_value(v) for k, v in value.struct_value.fields.items()}
    return [from_value(v) for v in value.list_value.values]


# ─── times and durations ───────────────────────────────────────────────────────────────────────────

_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$")


def seconds_of(span: DurationLike, field: str = "duration") -> float:
    """A span as seconds: a timedelta, a number of seconds, or text like '30m', '1.5h', '500ms'."""
    if isinstance(span, dt.timedelta):
        return span.total_seconds()
    if isinstance(span, bool):
        raise TypeError(f"{field}: expected seconds, a timedelta or '30m', got a bool")
    if isinstance(span, (int, float)):
        return float(span)
    if isinstance(span, str):
        m = _DURATION_RE.match(span)
        if not m:
            raise ValueError(f"{field}: {span!r} is not a duration like '30s', '5m', '1h'")
        return float(m.group(1)) * _UNITS[m.group(2)]
    raise TypeError(f"{field}: expected seconds, a timedelta or '30m', got {type(span).__name__}")


def to_duration(span: DurationLike, field: str = "duration") -> duration_pb2.Duration:
    seconds = seconds_of(span, field)
    d = duration_pb2.Duration()
    d.seconds = math.floor(seconds)
    d.nanos = round((seconds - d.seconds) * 1e9)
    return d


def from_duration(d: duration_pb2.Duration) -> dt.timedelta:
    return dt.timedelta(seconds=d.seconds, microseconds=d.nanos // 1000)


def to_timestamp(at: TimeLike, field: str = "time") -> timestamp_pb2.Timestamp:
    """A datetime (naive means UTC) or Unix seconds as a Timestamp."""
    ts = timestamp_pb2.Timestamp()
    if isinstance(at, dt.datetime):
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.timezone.utc)
        ts.FromDatetime(at.astimezone(dt.timezone.utc).replace(tzinfo=None))
        return ts
    if isinstance(at, (int, float)) and not isinstance(at, bool):
        ts.seconds = math.floor(at)
        ts.nanos = round((at - ts.seconds) * 1e9)
        return ts
    raise TypeError(f"{field}: expected a datetime or Unix seconds, got {type(at).__name__}")


def from_timestamp(message: Any, name: str) -> Optional[dt.datetime]:
    """An aware UTC datetime, or None when the field is absent."""
    if not message.HasField(name):
        return None
    ts = getattr(message, name)
    return dt.datetime.fromtimestamp(ts.seconds + ts.nanos / 1e9, tz=dt.timezone.utc)


# ─── enums: `queued` ↔ JOB_STATE_QUEUED ─────────────────────────────────────────────────────────────


def enum_name(enum: Any, prefix: str, number: int) -> Optional[str]:
    """`JOB_STATE_QUEUED` → 'queued'; None for UNSPECIFIED; the number as text if unknown."""
    if number == 0:
        return None
    try:
        return enum.Name(number).removeprefix(prefix).lower().replace("_", "-")
    except ValueError:
        return str(number)


def enum_value(enum: Any, prefix: str, name: str, field: str) -> int:
    """'return-existing' / 'RETURN_EXISTING' → KEY_CONFLICT_POLICY_RETURN_EXISTING."""
    if not isinstance(name, str):
        raise TypeError(f"{field}: expected a string, got {type(name).__name__}")
    try:
        return enum.Value(prefix + name.upper().replace("-", "_").replace(".", "_"))
    except ValueError:
        known = [n.removeprefix(prefix).lower().replace("_", "-") for n in enum.keys()][1:]
        raise ValueError(f"{field}: {name!r} is not one of {', '.join(known)}") from None


def job_state(name: str, field: str = "state") -> int:
    return enum_value(common_pb2.JobState, "JOB_STATE_", name, field)


def event_type(name: str, field: str = "type") -> int:
    """'job.succeeded' → EVENT_TYPE_JOB_SUCCEEDED."""
    return enum_value(events_pb2.EventType, "EVENT_TYPE_", name, field)


def event_type_name(number: int) -> Optional[str]:
    """EVENT_TYPE_JOB_SUCCEEDED → 'job.succeeded' (the names src/core/events.ts uses)."""
    name = enum_name(events_pb2.EventType, "EVENT_TYPE_", number)
    if name is None or name.isdigit():
        return name
    family, _, rest = name.partition("-")
    return f"{family}.{rest}"


def key_conflict(name: str) -> int:
    return enum_value(jobs_pb2.KeyConflictPolicy, "KEY_CONFLICT_POLICY_", name, "on_key_conflict")
