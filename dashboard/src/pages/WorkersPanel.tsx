import { EventType } from '../../../src/gen/tickwork/v1/events_pb.js';
import { adminApi } from '../api/clients.js';
import { formatTime } from '../api/format.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useLiveQuery } from '../live/use-live-reload.js';

/** Events that change a worker's load. */
const ATTEMPT_EVENTS = new Set([
  EventType.JOB_STARTED,
  EventType.JOB_SUCCEEDED,
  EventType.JOB_FAILED,
  EventType.JOB_RETRIED,
  EventType.JOB_CANCELLED,
  EventType.JOB_STALLED,
]);

/**
 * The workers this server knows (its own worker role and the remote workers connected to it) and their
 * load: running attempts out of capacity. Re-read on attempt events and every 5 s (connections come and
 * go without an event).
 */
export function WorkersPanel({ namespace }: { namespace: string }) {
  const workers = useLiveQuery(
    () => adminApi.listWorkers({ namespace }),
    [namespace],
    (e) => ATTEMPT_EVENTS.has(e.type),
    1000,
    5000,
  );
  const list = workers.data?.workers ?? [];
  return (
    <section aria-labelledby="workers-title">
      <h2 id="workers-title">Workers</h2>
      <ErrorNote error={workers.error} />
      {workers.data && list.length === 0 && <p>No worker is connected to this server.</p>}
      {list.length > 0 && (
        <div className="scroll">
          <table className="workers">
            <caption className="visually-hidden">Workers and their load</caption>
            <thead>
              <tr>
                <th scope="col">worker</th>
                <th scope="col">kind</th>
                <th scope="col">load</th>
                <th scope="col">handlers</th>
                <th scope="col" className="wide-only">
                  since
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((w) => (
                <tr key={w.workerId} data-worker-id={w.workerId}>
                  <td className="mono">{w.workerId}</td>
                  <td>{w.kind}</td>
                  <td data-load={`${w.running}/${w.capacity}`}>
                    <meter min={0} max={Math.max(1, w.capacity)} value={w.running} aria-label={`${w.workerId} load`} />{' '}
                    {w.running}/{w.capacity}
                  </td>
                  <td>{w.handlers.length > 0 ? w.handlers.join(', ') : 'all registered'}</td>
                  <td className="wide-only">{formatTime(w.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
