import { JobState } from '../../../src/gen/tickwork/v1/common_pb.js';
import { EventType } from '../../../src/gen/tickwork/v1/events_pb.js';
import { jobsApi } from '../api/clients.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useLiveQuery } from '../live/use-live-reload.js';

const ATTEMPT_EVENTS = new Set([
  EventType.JOB_STARTED,
  EventType.JOB_SUCCEEDED,
  EventType.JOB_FAILED,
  EventType.JOB_RETRIED,
  EventType.JOB_CANCELLED,
  EventType.JOB_STALLED,
]);

/**
 * The workers running jobs of this namespace now and their load, read from the leases of running jobs
 * (in-process and remote workers alike, in every process sharing the store).
 */
export function WorkersPanel({ namespace }: { namespace: string }) {
  const running = useLiveQuery(
    async () => {
      const { jobs } = await jobsApi.listJobs({ namespace, filter: { states: [JobState.RUNNING] }, pageSize: 1000 });
      const byWorker = new Map<string, { running: number; handlers: Set<string> }>();
      for (const job of jobs) {
        const owner = job.leaseOwner || 'unknown';
        const entry = byWorker.get(owner) ?? { running: 0, handlers: new Set<string>() };
        entry.running++;
        if (job.target.case === 'handler') entry.handlers.add(job.target.value);
        byWorker.set(owner, entry);
      }
      return [...byWorker].sort((a, b) => b[1].running - a[1].running);
    },
    [namespace],
    (e) => ATTEMPT_EVENTS.has(e.type),
    1000,
  );
  return (
    <section aria-labelledby="workers-title">
      <h2 id="workers-title">Workers</h2>
      <ErrorNote error={running.error} />
      {running.data && running.data.length === 0 && <p>No worker is running a job right now.</p>}
      {running.data && running.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Workers and their running jobs</caption>
          <thead>
            <tr>
              <th scope="col">worker</th>
              <th scope="col" className="num">
                running
              </th>
              <th scope="col">handlers</th>
            </tr>
          </thead>
          <tbody>
            {running.data.map(([owner, w]) => (
              <tr key={owner}>
                <td className="mono">{owner}</td>
                <td className="num">{w.running}</td>
                <td>{[...w.handlers].join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
