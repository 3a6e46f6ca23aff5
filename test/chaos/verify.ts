/**
 * The chaos test's verdict, as a pure function of what it collected: the jobs as tickwork reports them,
 * the runs its own ledger recorded, the ids acknowledged to the producer, the cron occurrences the window
 * must contain, and the stale outcomes workers said fencing rejected. Returns every violation found
 * (empty when the run was correct) and counts for the report.
 */
import type { Run } from './run-ledger.js';

export interface CheckedJob {
  id: string;
  state: string;
  attempt: number;
  stalls: number;
  result: unknown;
}

export interface ChaosEvidence {
  /** Jobs acknowledged by enqueue. */
  acked: string[];
  /** `<schedule>@<ISO>` for every fire time of every schedule in the window. */
  expectedOccurrences: string[];
  /** Occurrence ids tickwork holds with a fire time in the window (any state). */
  occurrencesInWindow: string[];
  /** Tickwork's view of every acknowledged job and every occurrence, by id. */
  jobs: Map<string, CheckedJob>;
  runs: Run[];
  /** Outcomes a worker reported that the store refused (lease lost): job id and attempt. */
  staleRejected: { jobId: string; attempt: number }[];
}

export interface ChaosVerdict {
  violations: string[];
  counts: {
    jobs: number;
    runs: number;
    ranOnce: number;
    ranMoreThanOnce: number;
    occurrences: number;
    staleRejected: number;
  };
}

/** Stops listing after this many of one kind: a broken run should not print 50k lines. */
const MAX_PER_KIND = 10;

export function verifyChaos(evidence: ChaosEvidence): ChaosVerdict {
  const violations: string[] = [];
  const seen = new Map<string, number>();
  const report = (kind: string, message: string): void => {
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    if (n <= MAX_PER_KIND) violations.push(`${kind}: ${message}`);
    else if (n === MAX_PER_KIND + 1) violations.push(`${kind}: … and more`);
  };

  const runsByJob = new Map<string, Run[]>();
  for (const run of evidence.runs) runsByJob.set(run.jobId, [...(runsByJob.get(run.jobId) ?? []), run]);

  // Occurrences: the window holds exactly the expected ones (none missing, none extra).
  const expected = new Set(evidence.expectedOccurrences);
  const present = new Set(evidence.occurrencesInWindow);
  for (const id of expected) if (!present.has(id)) report('occurrence missing', id);
  for (const id of present) if (!expected.has(id)) report('unexpected occurrence', id);

  let ranOnce = 0;
  let ranMoreThanOnce = 0;
  const checked = [...new Set([...evidence.acked, ...evidence.expectedOccurrences])];
  for (const id of checked) {
    const job = evidence.jobs.get(id);
    if (!job) {
      if (!expected.has(id)) report('acknowledged job lost', id);
      continue;
    }
    if (job.state !== 'succeeded') {
      report('not succeeded', `${id} is ${job.state}`);
      continue;
    }
    const runs = runsByJob.get(id) ?? [];
    if (runs.length === 0) {
      report('succeeded without running', id);
      continue;
    }
    const attempts = runs.map((r) => r.attempt);
    if (new Set(attempts).size !== attempts.length) {
      report('attempt ran twice', `${id} ran attempts ${attempts.join(',')}`);
    }
    // The recorded result is the final attempt's, and that attempt is the last one that ran: an earlier
    // attempt's completion, had it arrived late, was not applied.
    const last = Math.max(...attempts);
    const result = job.result as { attempt?: number } | null;
    if (last !== job.attempt || result?.attempt !== job.attempt) {
      report(
        'stale completion applied',
        `${id}: attempt ${job.attempt}, result of ${result?.attempt}, last run ${last}`,
      );
    }
    // Handlers never fail: each attempt after the first exists because a lease was lost in flight.
    if (job.stalls !== job.attempt - 1) {
      report('re-run without a stall', `${id}: attempt ${job.attempt} after ${job.stalls} stalls`);
    }
    if (runs.length === 1) ranOnce++;
    else ranMoreThanOnce++;
  }

  for (const stale of evidence.staleRejected) {
    const job = evidence.jobs.get(stale.jobId);
    if (!job) continue; // a job outside what the test checks (an occurrence after the window)
    if (stale.attempt >= job.attempt) {
      report('fencing rejected the live attempt', `${stale.jobId} attempt ${stale.attempt} of ${job.attempt}`);
    }
    const ran = (runsByJob.get(stale.jobId) ?? []).some((r) => r.attempt === stale.attempt);
    if (!ran) report('stale outcome without a run', `${stale.jobId} attempt ${stale.attempt}`);
  }

  return {
    violations,
    counts: {
      jobs: checked.length,
      runs: evidence.runs.length,
      ranOnce,
      ranMoreThanOnce,
      occurrences: expected.size,
      staleRejected: evidence.staleRejected.length,
    },
  };
}

/** `<schedule>@<ISO>` for each whole second in [from, to) of each schedule. */
export function occurrenceIds(scheduleIds: string[], from: number, to: number): string[] {
  const ids: string[] = [];
  for (let t = Math.ceil(from / 1000) * 1000; t < to; t += 1000) {
    for (const s of scheduleIds) ids.push(`${s}@${new Date(t).toISOString()}`);
  }
  return ids;
}
