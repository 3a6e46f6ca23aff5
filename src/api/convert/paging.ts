import type { PageRequest } from '../../core/job.js';
import { snake } from './field-path.js';

/** AIP-158 as the IDL states it: 0 → the default (100), over 1000 → clamped, not refused. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export function pageFromProto(pageSize: number, pageToken: string): PageRequest {
  const limit = pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
  return { limit, cursor: pageToken === '' ? null : pageToken };
}

/** A list call's facade field → the request's: `page.cursor` → `page_token`, `filter.runAtFrom` → `filter.run_at_from`. */
export function listFieldToProto(field: string): string {
  if (field === 'page.cursor') return 'page_token';
  if (field === 'page.limit') return 'page_size';
  return field.split('.').map(snake).join('.');
}
