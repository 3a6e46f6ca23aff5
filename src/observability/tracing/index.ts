export { OpenTelemetryJobTracer, openTelemetryTracer } from './otel-tracer.js';
export { formatTraceparent, parseTraceparent, type TraceParent } from './traceparent.js';
