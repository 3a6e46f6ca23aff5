import type { ReactNode } from 'react';
import { JobState, type Job } from '../../../src/gen/tickwork/v1/common_pb.js';
import type { Event } from '../../../src/gen/tickwork/v1/events_pb.js';
import { jobsApi } from '../api/clients.js';
import { durationMs, formatDuration, formatTime, json, valueJson } from '../api/format.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { StateBadge } from '../components/StateBadge.js';
import { useLiveQuery } from '../live/use-live-reload.js';
import { Link, navigate } from '../router.js';
import { actionsFor, label } from './job-actions.js';
import { handlerOf } from './JobTable.js';
import { JobTimeline } from './JobTimeline.js';

function Facts({ job }: { job: Job }) {
  const rows: [string, ReactNode][] = [
    ['state', <StateBadge key="s" state={job.state} />],
    ['queue', job.queue],
    ['handler', handlerOf(job)],
    ['attempts', `${job.attempt} of ${job.maxAttempts}`],
    ['priority', job.priority],
    ['key', job.key || '—'],
    [
      'schedule',
      job.scheduleId ? <Link to={`/schedules/${encodeURIComponent(job.scheduleId)}`}>{job.scheduleId}</Link> : '—',
    ],
    ['run at', formatTime(job.runAt)],
    ['created', formatTime(job.createdAt)],
    ['started', formatTime(job.startedAt)],
    ['finished', formatTime(job.finishedAt)],
    ['timeout', formatDuration(durationMs(job.timeout))],
    ['deadline', formatTime(job.deadline)],
    ['stalls', job.stalls],
    ['lease', job.leaseOwner ? `${job.leaseOwner} until ${formatTime(job.leaseUntil)}` : '—'],
  ];
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-fact={k}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One job: its facts, payload, result or error with stack, actions, and timeline, kept live. */
export function JobDetailPage({ namespace, id }: { namespace: string; id: string }) {
  const concerns = (e: Event) => e.subject.case === 'job' && e.subject.value.jobId === id;
  const detail = useLiveQuery(
    async () => {
      const [{ job }, { events }] = await Promise.all([
        jobsApi.getJob({ namespace, selector: { case: 'id', value: id } }),
        jobsApi.listJobEvents({ namespace, id }),
      ]);
      return { job: job!, events };
    },
    [namespace, id],
    concerns,
    100,
  );
  const job = detail.data?.job;
  return (
    <>
      <p>
        <Link to="/jobs">← Jobs</Link>
      </p>
      <h1>
        Job <span className="mono">{id}</span>
      </h1>
      <ErrorNote error={detail.error} />
      {job && (
        <>
          <div className="actions" role="group" aria-label="Job actions">
            {actionsFor(job).map((a) => (
              <ConfirmButton
                key={a.name}
                label={label(a)}
                danger={a.danger}
                question={`${label(a)} job ${job.id}?${a.name === 'cancel' && job.state === JobState.RUNNING ? ' Its running attempt is aborted.' : ''}`}
                onConfirm={async () => {
                  await a.run(namespace, job.id);
                  if (a.name === 'delete') navigate('/jobs');
                  else detail.reload();
                }}
              />
            ))}
          </div>
          <Facts job={job} />
          <section aria-labelledby="payload-title">
            <h2 id="payload-title">Payload</h2>
            <pre>{json(valueJson(job.payload))}</pre>
          </section>
          {job.result && (
            <section aria-labelledby="result-title">
              <h2 id="result-title">Result</h2>
              <pre>{json(valueJson(job.result))}</pre>
            </section>
          )}
          {job.progress && (
            <section aria-labelledby="progress-title">
              <h2 id="progress-title">Progress</h2>
              <pre>{json(valueJson(job.progress))}</pre>
            </section>
          )}
          {job.error && (
            <section aria-labelledby="error-title">
              <h2 id="error-title">Error</h2>
              <p className="error">
                {job.error.name}
                {job.error.code && ` [${job.error.code}]`}: {job.error.message}
              </p>
              {job.error.stack && <pre className="stack">{job.error.stack}</pre>}
            </section>
          )}
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">Timeline</h2>
            <JobTimeline events={detail.data!.events} />
          </section>
        </>
      )}
    </>
  );
}
