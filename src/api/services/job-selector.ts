import { TickworkError, ValidationError } from '../../core/errors.js';
import type { Tickwork } from '../../tickwork/tickwork.js';

/** The `selector` oneof every by-job request has. */
export type JobSelector =
  { case: 'id'; value: string } | { case: 'key'; value: string } | { case: undefined; value?: undefined };

/**
 * A selector → a job id. A key names the live job holding it now (scheduled, queued, running or
 * paused); none is NOT_FOUND naming the key. Resolving then acting is two steps: if the job finishes in
 * between, the action meets a final job and says so (FAILED_PRECONDITION), which is the truth.
 */
export async function resolveJobId(tw: Tickwork, selector: JobSelector): Promise<string> {
  switch (selector.case) {
    case 'id':
      if (selector.value === '') throw new ValidationError('id', 'is required');
      return selector.value;
    case 'key': {
      if (selector.value === '') throw new ValidationError('key', 'is required');
      const job = await tw.jobs.findByKey(selector.value);
      if (!job) {
        throw new TickworkError('JOB_NOT_FOUND', `key: no live job holds "${selector.value}"`, {
          field: 'key',
          details: { key: selector.value },
        });
      }
      return job.id;
    }
    default:
      throw new ValidationError('id', 'is required: give the job id or its key');
  }
}
