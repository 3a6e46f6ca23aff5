import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { ValueSchema, type Value } from '@bufbuild/protobuf/wkt';
import { PayloadNotJsonError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';

/**
 * A google.protobuf.Value from the wire → plain JSON. Absent (or a Value with no kind set, which the
 * binary format allows) reads as null, as the IDL says. A NaN or infinite number_value cannot be JSON:
 * that is the caller's bad input, not a server fault.
 */
export function jsonFromValue(value: Value | undefined, field: string): Json {
  if (value === undefined || value.kind.case === undefined) return null;
  try {
    return toJson(ValueSchema, value) as Json;
  } catch (error) {
    throw new PayloadNotJsonError(field, error instanceof Error ? error.message : 'is not JSON');
  }
}

/** Plain JSON → a google.protobuf.Value (null included: an explicit null_value). */
export function valueFromJson(json: Json): Value {
  return fromJson(ValueSchema, json as JsonValue);
}

/** As valueFromJson, but null stays absent: for outputs (progress, result) that are "none" until set. */
export function optionalValue(json: Json | null): Value | undefined {
  return json === null ? undefined : valueFromJson(json);
}
