import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { JobState } from '../../../src/gen/tickwork/v1/common_pb.js';
import type { Job } from '../../../src/gen/tickwork/v1/common_pb.js';
import { jobsApi } from '../api/clients.js';

/** An action on one job, and the states it applies to (the server checks again). */
export interface JobAction {
  name: 'pause' | 'resume' | 'cancel' | 'retry' | 'delete' | 'run now';
  appliesTo: ReadonlySet<JobState>;
  danger: boolean;
  run(namespace: string, id: string): Promise<unknown>;
}

const LIVE = [JobState.SCHEDULED, JobState.QUEUED, JobState.RUNNING, JobState.PAUSED];

export const JOB_ACTIONS: JobAction[] = [
  {
    name: 'run now',
    appliesTo: new Set([JobState.SCHEDULED]),
    danger: false,
    run: (namespace, id) =>
      jobsApi.updateJob({
        namespace,
        selector: { case: 'id', value: id },
        patch: { runAt: timestampFromDate(new Date()) },
      }),
  },
  {
    name: 'pause',
    appliesTo: new Set([JobState.SCHEDULED, JobState.QUEUED]),
    danger: false,
    run: (namespace, id) => jobsApi.pauseJob({ namespace, selector: { case: 'id', value: id } }),
  },
  {
    name: 'resume',
    appliesTo: new Set([JobState.PAUSED]),
    danger: false,
    run: (namespace, id) => jobsApi.resumeJob({ namespace, selector: { case: 'id', value: id } }),
  },
  {
    name: 'cancel',
    appliesTo: new Set(LIVE),
    danger: true,
    run: (namespace, id) =>
      jobsApi.cancelJob({ namespace, selector: { case: 'id', value: id }, reason: 'cancelled from the dashboard' }),
  },
  {
    name: 'retry',
    appliesTo: new Set([JobState.FAILED, JobState.CANCELLED]),
    danger: false,
    run: (namespace, id) => jobsApi.retryJob({ namespace, id }),
  },
  {
    name: 'delete',
    appliesTo: new Set([...LIVE, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED]),
    danger: true,
    run: (namespace, id) => jobsApi.deleteJob({ namespace, selector: { case: 'id', value: id } }),
  },
];

export function actionsFor(job: Job): JobAction[] {
  return JOB_ACTIONS.filter((a) => a.appliesTo.has(job.state));
}

export function label(action: JobAction): string {
  return action.name[0]!.toUpperCase() + action.name.slice(1);
}
