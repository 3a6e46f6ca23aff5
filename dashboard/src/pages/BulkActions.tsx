import { useState } from 'react';
import type { JobFilter } from '../../../src/gen/tickwork/v1/jobs_pb.js';
import { jobsApi } from '../api/clients.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { JOB_ACTIONS, label, type JobAction } from './job-actions.js';

/** Most jobs one bulk action over a filter touches: a bound, so a click cannot start an endless loop. */
const MAX_BULK = 10_000;
/** Calls in flight at once. */
const PARALLEL = 8;

interface Props {
  namespace: string;
  selected: string[];
  filter: JobFilter;
  onDone(): void;
}

/** Every id matching `filter`, page by page, up to MAX_BULK. */
async function idsMatching(namespace: string, filter: JobFilter): Promise<string[]> {
  const ids: string[] = [];
  let pageToken = '';
  do {
    const page = await jobsApi.listJobs({ namespace, filter, pageSize: 1000, pageToken });
    ids.push(...page.jobs.map((j) => j.id));
    pageToken = page.nextPageToken;
  } while (pageToken && ids.length < MAX_BULK);
  return ids.slice(0, MAX_BULK);
}

async function runAll(action: JobAction, namespace: string, ids: string[]): Promise<{ ok: number; refused: number }> {
  let ok = 0;
  let refused = 0;
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        await action.run(namespace, id);
        ok++;
      } catch {
        refused++; // a job in a state the action does not apply to, or gone meanwhile
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
  return { ok, refused };
}

/** One action over the selected rows, or over every job the filter matches. */
export function BulkActions({ namespace, selected, filter, onDone }: Props) {
  const [actionName, setActionName] = useState<JobAction['name']>('cancel');
  const [scope, setScope] = useState<'selected' | 'filter'>('selected');
  const [report, setReport] = useState<string | null>(null);
  const action = JOB_ACTIONS.find((a) => a.name === actionName)!;
  const target =
    scope === 'selected'
      ? `the ${selected.length} selected jobs`
      : `every job matching the filter (at most ${MAX_BULK.toLocaleString()})`;

  return (
    <div className="bulk" role="group" aria-label="Bulk actions">
      <label>
        Bulk action
        <select
          aria-label="Bulk action"
          value={actionName}
          onChange={(e) => setActionName(e.target.value as JobAction['name'])}
        >
          {JOB_ACTIONS.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Apply to
        <select aria-label="Apply to" value={scope} onChange={(e) => setScope(e.target.value as 'selected' | 'filter')}>
          <option value="selected">selected ({selected.length})</option>
          <option value="filter">all matching the filter</option>
        </select>
      </label>
      <ConfirmButton
        label={`${label(action)} jobs`}
        danger={action.danger}
        disabled={scope === 'selected' && selected.length === 0}
        question={`${label(action)} ${target}? Jobs in a state the action does not apply to are left as they are.`}
        onConfirm={async () => {
          const ids = scope === 'selected' ? selected : await idsMatching(namespace, filter);
          const { ok, refused } = await runAll(action, namespace, ids);
          setReport(`${label(action)}: ${ok} done${refused ? `, ${refused} left as they were` : ''}.`);
          onDone();
        }}
      />
      {report && <span role="status">{report}</span>}
    </div>
  );
}
