import { adminApi } from '../api/clients.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useLiveQuery } from '../live/use-live-reload.js';
import { QueueTable } from './QueueTable.js';
import { ThroughputCharts } from './ThroughputCharts.js';
import { WorkersPanel } from './WorkersPanel.js';

export function OverviewPage({ namespace }: { namespace: string }) {
  const stats = useLiveQuery(() => adminApi.getQueueStats({ namespace }), [namespace], undefined, 1000);
  const version = useLiveQuery(
    () => adminApi.getVersion({}),
    [],
    () => false,
  );
  return (
    <>
      <h1>Overview</h1>
      {version.data && (
        <p className="muted">
          tickwork {version.data.version} · {version.data.store} store · roles {version.data.roles.join(', ')}
        </p>
      )}
      <ErrorNote error={stats.error} />
      {stats.data && <QueueTable namespace={namespace} queues={stats.data.queues} onChange={stats.reload} />}
      <ThroughputCharts />
      <WorkersPanel namespace={namespace} />
    </>
  );
}
