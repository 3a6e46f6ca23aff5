import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { JobNotFoundError } from '../../core/errors.js';
import { ErrorDetailSchema } from '../../gen/tickwork/v1/common_pb.js';
import { EnqueueBatchResultSchema, JobService } from '../../gen/tickwork/v1/jobs_pb.js';
import type { ApiContext } from '../context.js';
import { wireErrorCode } from '../error-mapping.js';
import { jobOptionField, renamingFields } from '../convert/field-path.js';
import { jobFilterFromProto } from '../convert/job-filter.js';
import { jobUpdateFromProto } from '../convert/job-patch.js';
import { submissionFromProto } from '../convert/job-submission.js';
import { eventToProto } from '../convert/event.js';
import { jobToProto } from '../convert/job.js';
import { listFieldToProto, pageFromProto } from '../convert/paging.js';
import { checkBatchSize, enqueueBatch, enqueueOne } from './enqueue.js';
import { resolveJobId } from './job-selector.js';
import { watchJob } from './job-watch.js';

/** JobService over the facade: convert, call, convert back. Errors map in the interceptor. */
export function jobService(ctx: ApiContext): ServiceImpl<typeof JobService> {
  const scope = (ns: string) => ctx.scopes.get(ns);
  return {
    async enqueue(req) {
      const sub = submissionFromProto(req.job, 'job');
      const { job, outcome } = await enqueueOne(await scope(req.namespace), sub);
      return { job: jobToProto(job), outcome };
    },

    async enqueueBatch(req) {
      checkBatchSize(req.jobs.length, ctx.limits.maxBatchSize);
      const subs = req.jobs.map((j, i) => submissionFromProto(j, `jobs[${i}]`));
      const results = await enqueueBatch(await scope(req.namespace), subs);
      return {
        results: results.map((r) =>
          create(EnqueueBatchResultSchema, {
            jobId: r.job?.id ?? '',
            outcome: r.outcome,
            job: req.returnJobs && r.job ? jobToProto(r.job) : undefined,
            error: r.error
              ? create(ErrorDetailSchema, {
                  code: wireErrorCode(r.error.code),
                  message: r.error.message,
                  field: r.error.field ?? '',
                  retryable: r.error.retryable,
                  details: JSON.parse(JSON.stringify(r.error.details)) as Record<string, never>,
                })
              : undefined,
          }),
        ),
      };
    },

    async getJob(req) {
      const tw = await scope(req.namespace);
      return { job: jobToProto(await tw.jobs.get(await resolveJobId(tw, req.selector))) };
    },

    async listJobs(req) {
      const tw = await scope(req.namespace);
      const filter = jobFilterFromProto(req.filter);
      const page = await renamingFields(
        () => tw.jobs.list(filter, pageFromProto(req.pageSize, req.pageToken)),
        listFieldToProto,
      );
      return { jobs: page.items.map(jobToProto), nextPageToken: page.nextCursor ?? '' };
    },

    async updateJob(req) {
      const tw = await scope(req.namespace);
      const update = jobUpdateFromProto(req.patch, req.updateMask);
      const id = await resolveJobId(tw, req.selector);
      const job = await renamingFields(
        () => tw.jobs.update(id, update),
        (f) => jobOptionField(f, 'patch'),
      );
      return { job: jobToProto(job) };
    },

    async pauseJob(req) {
      const tw = await scope(req.namespace);
      return { job: jobToProto(await tw.jobs.pause(await resolveJobId(tw, req.selector))) };
    },

    async resumeJob(req) {
      const tw = await scope(req.namespace);
      return { job: jobToProto(await tw.jobs.resume(await resolveJobId(tw, req.selector))) };
    },

    async cancelJob(req) {
      // The facade's cancel takes no reason yet; it is accepted and logged (see the report on issue 4).
      const tw = await scope(req.namespace);
      const id = await resolveJobId(tw, req.selector);
      const job = await tw.jobs.cancel(id);
      if (req.reason !== '')
        ctx.logger.info({ jobId: id, namespace: job.namespace, reason: req.reason }, 'job cancelled');
      return { job: jobToProto(job) };
    },

    async deleteJob(req) {
      const tw = await scope(req.namespace);
      const id = await resolveJobId(tw, req.selector);
      if (!(await tw.jobs.delete(id))) throw new JobNotFoundError(id);
      return { jobId: id };
    },

    async retryJob(req) {
      const tw = await scope(req.namespace);
      const id = await resolveJobId(tw, { case: 'id', value: req.id });
      return { job: jobToProto(await tw.jobs.retry(id)) };
    },

    watchJob(req, context) {
      return watchJob(ctx, req, context.signal);
    },

    async listJobEvents(req) {
      const tw = await scope(req.namespace);
      const id = await resolveJobId(tw, { case: 'id', value: req.id });
      await tw.jobs.get(id); // NOT_FOUND for a job that does not exist (its history would be empty)
      return { events: (await tw.jobs.history(id)).map(eventToProto) };
    },
  };
}
