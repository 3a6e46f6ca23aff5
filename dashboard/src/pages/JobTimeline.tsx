import type { Event } from '../../../src/gen/tickwork/v1/events_pb.js';
import { eventName, formatTime, json, stateName, valueJson } from '../api/format.js';

/** The job's history: each state change, when, in which attempt, with its data (result, error). */
export function JobTimeline({ events }: { events: Event[] }) {
  if (events.length === 0) return <p>No history.</p>;
  return (
    <ol className="timeline" aria-label="State changes">
      {events.map((e, i) => {
        const job = e.subject.case === 'job' ? e.subject.value : null;
        const data = job?.data ? valueJson(job.data) : null;
        return (
          <li key={i} data-event={eventName(e.type)}>
            <time>{formatTime(e.at)}</time> <strong>{eventName(e.type)}</strong>
            {job && (
              <span className="muted">
                {' '}
                → {stateName(job.state)}, attempt {job.attempt}
              </span>
            )}
            {data !== null && (
              <details>
                <summary>data</summary>
                <pre>{json(data)}</pre>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
