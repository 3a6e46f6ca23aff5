import { useMemo, useState } from 'react';
import { EventType } from '../../../src/gen/tickwork/v1/events_pb.js';
import { jobsApi } from '../api/clients.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useLiveQuery } from '../live/use-live-reload.js';
import { navigate, useRoute } from '../router.js';
import { BulkActions } from './BulkActions.js';
import { filterFromQuery, filterToProto, filterToQuery } from './job-filter.js';
import { JobFilters } from './JobFilters.js';
import { JobTable } from './JobTable.js';

const PAGE_SIZE = 50;

/** Filtered, cursor-paged jobs (the store pages by an index, so a million rows cost what fifty do). */
export function JobsPage({ namespace }: { namespace: string }) {
  const { query } = useRoute();
  const queryText = filterToQuery(filterFromQuery(query));
  // A new filter (or namespace) starts a new list: first page, nothing selected.
  return <JobList key={`${namespace}${queryText}`} namespace={namespace} queryText={queryText} />;
}

function JobList({ namespace, queryText }: { namespace: string; queryText: string }) {
  const values = useMemo(() => filterFromQuery(new URLSearchParams(queryText)), [queryText]);
  const filter = useMemo(() => filterToProto(values), [values]);
  // The tokens of the pages before this one, so Previous works: cursors only go forward.
  const [tokens, setTokens] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const pageToken = tokens.at(-1) ?? '';

  const page = useLiveQuery(
    () => jobsApi.listJobs({ namespace, filter, pageSize: PAGE_SIZE, pageToken }),
    [namespace, filter, pageToken],
    (e) => e.type !== EventType.JOB_PROGRESS && e.subject.case === 'job',
    1000,
  );

  return (
    <>
      <h1>Jobs</h1>
      <JobFilters values={values} onApply={(v) => navigate(`/jobs${filterToQuery(v)}`)} />
      <BulkActions
        namespace={namespace}
        selected={[...selected]}
        filter={filter}
        onDone={() => setSelected(new Set())}
      />
      <ErrorNote error={page.error} />
      {page.data && page.data.jobs.length === 0 && <p>No job matches.</p>}
      {page.data && page.data.jobs.length > 0 && (
        <JobTable jobs={page.data.jobs} selected={selected} onSelect={setSelected} />
      )}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={tokens.length === 0} onClick={() => setTokens((t) => t.slice(0, -1))}>
          Previous page
        </button>
        <span>page {tokens.length + 1}</span>
        <button
          type="button"
          disabled={!page.data?.nextPageToken}
          onClick={() => page.data && setTokens((t) => [...t, page.data!.nextPageToken])}
        >
          Next page
        </button>
      </nav>
    </>
  );
}
