/** The parts of a W3C trace context header (https://www.w3.org/TR/trace-context/#traceparent-header). */
export interface TraceParent {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

const HEADER = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE = '0'.repeat(32);
const INVALID_SPAN = '0'.repeat(16);

/** `00-<trace id>-<span id>-<flags>`; null for the all-zero (invalid) ids of a non-recording span. */
export function formatTraceparent(p: TraceParent): string | null {
  if (p.traceId === INVALID_TRACE || p.spanId === INVALID_SPAN) return null;
  return `00-${p.traceId}-${p.spanId}-${(p.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The parts of a stored header; null for anything malformed (a job never fails over its trace). */
export function parseTraceparent(header: string | null | undefined): TraceParent | null {
  const m = header ? HEADER.exec(header) : null;
  if (!m || m[1] === INVALID_TRACE || m[2] === INVALID_SPAN) return null;
  return { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16) };
}
