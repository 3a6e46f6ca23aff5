import type { Job } from '../../../src/gen/tickwork/v1/common_pb.js';
import { formatTime } from '../api/format.js';
import { StateBadge } from '../components/StateBadge.js';
import { Link } from '../router.js';

interface Props {
  jobs: Job[];
  selected: Set<string>;
  onSelect(ids: Set<string>): void;
}

export function handlerOf(job: Job): string {
  return job.target.case === 'handler'
    ? job.target.value
    : job.target.case === 'http'
      ? `POST ${job.target.value.url}`
      : '';
}

/** One page of jobs, newest first, with a checkbox per row for bulk actions. */
export function JobTable({ jobs, selected, onSelect }: Props) {
  const all = jobs.length > 0 && jobs.every((j) => selected.has(j.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  return (
    <div className="scroll">
      <table className="jobs">
        <caption className="visually-hidden">Jobs</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select every job on this page"
                checked={all}
                onChange={() => onSelect(all ? new Set() : new Set(jobs.map((j) => j.id)))}
              />
            </th>
            <th scope="col">job</th>
            <th scope="col">state</th>
            <th scope="col">queue</th>
            <th scope="col">handler</th>
            <th scope="col" className="num">
              attempt
            </th>
            <th scope="col">run at</th>
            <th scope="col" className="wide-only">
              updated
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id} data-job-id={job.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select job ${job.id}`}
                  checked={selected.has(job.id)}
                  onChange={() => toggle(job.id)}
                />
              </td>
              <td className="mono">
                <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{job.id}</Link>
                {job.key && <div className="muted">key {job.key}</div>}
              </td>
              <td>
                <StateBadge state={job.state} />
              </td>
              <td>{job.queue}</td>
              <td>{handlerOf(job)}</td>
              <td className="num">
                {job.attempt}/{job.maxAttempts}
              </td>
              <td>{formatTime(job.runAt)}</td>
              <td className="wide-only">{formatTime(job.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
