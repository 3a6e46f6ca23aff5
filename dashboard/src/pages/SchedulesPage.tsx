import { EventType } from '../../../src/gen/tickwork/v1/events_pb.js';
import type { Schedule } from '../../../src/gen/tickwork/v1/common_pb.js';
import { schedulesApi } from '../api/clients.js';
import { formatTime, relative, toDate } from '../api/format.js';
import { triggerInWords } from '../api/trigger-words.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useLiveQuery } from '../live/use-live-reload.js';
import { Link } from '../router.js';
import { ScheduleActions } from './ScheduleActions.js';

/** Every schedule of the namespace (first 1000), with its trigger in words and its fire counts. */
export function SchedulesPage({ namespace }: { namespace: string }) {
  const list = useLiveQuery(
    () => schedulesApi.listSchedules({ namespace, pageSize: 1000 }),
    [namespace],
    (e) => e.subject.case === 'schedule' && e.type !== EventType.SCHEDULE_FIRED,
    500,
  );
  return (
    <>
      <h1>Schedules</h1>
      <ErrorNote error={list.error} />
      {list.data && list.data.schedules.length === 0 && <p>No schedules.</p>}
      {list.data && list.data.schedules.length > 0 && (
        <div className="scroll">
          <table className="schedules">
            <caption className="visually-hidden">Schedules</caption>
            <thead>
              <tr>
                <th scope="col">schedule</th>
                <th scope="col">trigger</th>
                <th scope="col">next fire</th>
                <th scope="col" className="wide-only">
                  last fire
                </th>
                <th scope="col" className="num">
                  fires
                </th>
                <th scope="col" className="num">
                  misfires
                </th>
                <th scope="col">actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.schedules.map((s: Schedule) => (
                <tr key={s.id} data-schedule-id={s.id}>
                  <td className="mono">
                    <Link to={`/schedules/${encodeURIComponent(s.id)}`}>{s.id}</Link>
                    {s.paused && <span className="badge state-paused">paused</span>}
                  </td>
                  <td>{triggerInWords(s.trigger)}</td>
                  <td title={formatTime(s.nextFireAt)}>{s.paused ? 'paused' : relative(toDate(s.nextFireAt))}</td>
                  <td className="wide-only">{formatTime(s.lastFireAt)}</td>
                  <td className="num">{s.fireCount}</td>
                  <td className="num">{s.misfireCount}</td>
                  <td>
                    <ScheduleActions namespace={namespace} schedule={s} onChange={list.reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
