import { ValidationError } from '../../core/errors.js';
import type { PageRequest } from '../../core/job.js';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

/** The page size a request asks for: default 100, clamped to 1..1000. */
export function pageLimit(page: PageRequest): number {
  const limit = page.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isFinite(limit)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

/**
 * Job list cursors: the (createdAt, id) of the last item returned. Listing is newest first, so the next
 * page holds the items strictly before it — jobs added meanwhile are newer and never shift a page.
 * Opaque to callers (base64url JSON), stable across stores.
 */
export interface JobCursor {
  createdAt: number;
  id: string;
}

export function encodeJobCursor(cursor: JobCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeJobCursor(text: string | null | undefined): JobCursor | null {
  if (text === null || text === undefined || text === '') return null;
  const parsed = parseCursor(text);
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string') {
    throw new ValidationError('page.cursor', 'is not a cursor from this list');
  }
  return { createdAt: parsed[0], id: parsed[1] };
}

/** Whether a job sorts after the cursor in newest-first order (so it belongs on a later page). */
export function isAfterJobCursor(job: JobCursor, cursor: JobCursor | null): boolean {
  if (cursor === null) return true;
  return job.createdAt < cursor.createdAt || (job.createdAt === cursor.createdAt && job.id < cursor.id);
}

/** Newest first by (createdAt, id): the comparator for Array.sort. */
export function compareNewestFirst(a: JobCursor, b: JobCursor): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Schedule list cursors: the id of the last schedule returned (lists are ordered by id). */
export function encodeScheduleCursor(id: string): string {
  return Buffer.from(JSON.stringify(['s', id])).toString('base64url');
}

export function decodeScheduleCursor(text: string | null | undefined): string | null {
  if (text === null || text === undefined || text === '') return null;
  const parsed = parseCursor(text);
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== 's' || typeof parsed[1] !== 'string') {
    throw new ValidationError('page.cursor', 'is not a cursor from this list');
  }
  return parsed[1];
}

function parseCursor(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('page.cursor', 'is not a cursor from this list');
  }
}
