import { useState } from 'react';
import { JobState } from '../../../src/gen/tickwork/v1/common_pb.js';
import { EventType } from '../../../src/gen/tickwork/v1/events_pb.js';
import { jobsApi, schedulesApi } from '../api/clients.js';
import { durationMs, formatDuration, formatTime, relative, toDate } from '../api/format.js';
import { triggerInWords, triggerSpec } from '../api/trigger-words.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { StateBadge } from '../components/StateBadge.js';
import { useEvents } from '../live/event-feed.js';
import { useLiveQuery } from '../live/use-live-reload.js';
import { Link } from '../router.js';
import { handlerOf } from './JobTable.js';
import { ScheduleActions } from './ScheduleActions.js';

interface Misfire {
  at: Date | null;
  fireTime: Date | null;
  reason: string;
}

/** One schedule: trigger in words and as spec, next five fires, recent occurrences and misfires. */
export function ScheduleDetailPage({ namespace, id }: { namespace: string; id: string }) {
  const detail = useLiveQuery(
    async () => {
      const [{ schedule }, preview, occurrences] = await Promise.all([
        schedulesApi.getSchedule({ namespace, id }),
        schedulesApi.previewSchedule({ namespace, source: { case: 'scheduleId', value: id }, count: 5 }),
        jobsApi.listJobs({ namespace, filter: { scheduleId: id }, pageSize: 10 }),
      ]);
      return { schedule: schedule!, fireTimes: preview.fireTimes, occurrences: occurrences.jobs };
    },
    [namespace, id],
    (e) =>
      (e.subject.case === 'schedule' && e.subject.value.scheduleId === id) ||
      (e.subject.case === 'job' && e.subject.value.scheduleId === id),
    300,
  );
  // Misfires are counted by the schedule; the reasons of the ones that happen while the page is open are shown.
  const [misfires, setMisfires] = useState<Misfire[]>([]);
  useEvents((e) => {
    if (e.type !== EventType.SCHEDULE_MISFIRED || e.subject.case !== 'schedule' || e.subject.value.scheduleId !== id)
      return;
    const m = e.subject.value;
    setMisfires((list) => [{ at: toDate(e.at), fireTime: toDate(m.fireTime), reason: m.reason }, ...list].slice(0, 20));
  });

  const s = detail.data?.schedule;
  const missed =
    detail.data?.occurrences.filter((j) => j.state === JobState.CANCELLED && j.error?.code === 'MISFIRED') ?? [];
  return (
    <>
      <p>
        <Link to="/schedules">← Schedules</Link>
      </p>
      <h1>
        Schedule <span className="mono">{id}</span>
      </h1>
      <ErrorNote error={detail.error} />
      {s && detail.data && (
        <>
          <ScheduleActions namespace={namespace} schedule={s} onChange={detail.reload} />
          <dl className="facts">
            <div>
              <dt>status</dt>
              <dd data-fact="status">{s.paused ? 'paused' : 'active'}</dd>
            </div>
            <div>
              <dt>trigger</dt>
              <dd>{triggerInWords(s.trigger)}</dd>
            </div>
            <div>
              <dt>handler</dt>
              <dd>{s.job?.target.case === 'handler' ? s.job.target.value : '—'}</dd>
            </div>
            <div>
              <dt>queue</dt>
              <dd>{s.job?.queue || 'default'}</dd>
            </div>
            <div>
              <dt>misfire grace</dt>
              <dd>{formatDuration(durationMs(s.misfireGrace))}</dd>
            </div>
            <div>
              <dt>fires / misfires</dt>
              <dd>
                {s.fireCount} / {s.misfireCount}
              </dd>
            </div>
            <div>
              <dt>last fire</dt>
              <dd>{formatTime(s.lastFireAt)}</dd>
            </div>
          </dl>
          <section aria-labelledby="spec-title">
            <h2 id="spec-title">Spec</h2>
            <pre>{triggerSpec(s.trigger)}</pre>
          </section>
          <section aria-labelledby="next-title">
            <h2 id="next-title">Next 5 fires</h2>
            <ol className="fire-times">
              {detail.data.fireTimes.map((t, i) => (
                <li key={i}>
                  {formatTime(t)} <span className="muted">({relative(toDate(t))})</span>
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="fires-title">
            <h2 id="fires-title">Last fires</h2>
            {detail.data.occurrences.length === 0 ? (
              <p>No occurrences yet.</p>
            ) : (
              <ul className="occurrences">
                {detail.data.occurrences.map((j) => (
                  <li key={j.id}>
                    <Link to={`/jobs/${encodeURIComponent(j.id)}`}>{formatTime(j.fireTime ?? j.runAt)}</Link>{' '}
                    <StateBadge state={j.state} /> <span className="muted">{handlerOf(j)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="misfires-title">
            <h2 id="misfires-title">Misfires</h2>
            <p>
              {s.misfireCount} in all
              {missed.length > 0 && `; ${missed.length} of the last fires were not started before their deadline`}.
            </p>
            {misfires.length > 0 && (
              <ul>
                {misfires.map((m, i) => (
                  <li key={i}>
                    {formatTime(m.fireTime)}: {m.reason}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
