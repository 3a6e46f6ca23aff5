import type { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Parses `value` with a zod schema; the first problem becomes a ValidationError naming the field by its
 * full path (`options.backoff.delay`), so every entry point reports bad input the same way.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [field, ...issue.path.map(String)].filter(Boolean).join('.');
  throw new ValidationError(path, issue.message);
}
