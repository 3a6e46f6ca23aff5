import type { QueueStats } from '../../../src/gen/tickwork/v1/admin_pb.js';
import { JobState } from '../../../src/gen/tickwork/v1/common_pb.js';
import { adminApi } from '../api/clients.js';
import { JOB_STATES, stateName } from '../api/format.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { Link } from '../router.js';

function count(stats: QueueStats, state: JobState): number {
  const c = stats.counts;
  if (!c) return 0;
  return Number(c[stateName(state) as keyof typeof c] ?? 0);
}

/** Every queue with its counts by state (each a link to the filtered job list) and its pause switch. */
export function QueueTable({
  namespace,
  queues,
  onChange,
}: {
  namespace: string;
  queues: QueueStats[];
  onChange(): void;
}) {
  if (queues.length === 0) return <p>No queues yet: enqueue a job.</p>;
  return (
    <div className="scroll">
      <table className="queues">
        <caption>Queues</caption>
        <thead>
          <tr>
            <th scope="col">queue</th>
            {JOB_STATES.map((s) => (
              <th scope="col" key={s} className="num">
                {stateName(s)}
              </th>
            ))}
            <th scope="col">switch</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.queue} data-queue={q.queue}>
              <th scope="row">
                {q.queue} {q.paused && <span className="badge state-paused">paused</span>}
              </th>
              {JOB_STATES.map((s) => (
                <td key={s} className="num" data-state={stateName(s)}>
                  <Link to={`/jobs?queue=${encodeURIComponent(q.queue)}&state=${stateName(s)}`}>{count(q, s)}</Link>
                </td>
              ))}
              <td>
                {q.paused ? (
                  <ConfirmButton
                    label="Resume queue"
                    question={`Start jobs from queue ${q.queue} again?`}
                    onConfirm={async () => {
                      await adminApi.resumeQueue({ namespace, queue: q.queue });
                      onChange();
                    }}
                  />
                ) : (
                  <ConfirmButton
                    label="Pause queue"
                    question={`Pause queue ${q.queue}? It keeps accepting jobs but starts none until resumed.`}
                    onConfirm={async () => {
                      await adminApi.pauseQueue({ namespace, queue: q.queue });
                      onChange();
                    }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
