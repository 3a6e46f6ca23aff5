import type { Schedule } from '../../../src/gen/tickwork/v1/common_pb.js';
import { schedulesApi } from '../api/clients.js';
import { ConfirmButton } from '../components/ConfirmButton.js';

/** Pause or resume, and run now (an occurrence at once, the trigger unchanged). */
export function ScheduleActions({
  namespace,
  schedule,
  onChange,
}: {
  namespace: string;
  schedule: Schedule;
  onChange(): void;
}) {
  const id = schedule.id;
  return (
    <span className="actions" role="group" aria-label={`Actions for schedule ${id}`}>
      {schedule.paused ? (
        <ConfirmButton
          label="Resume"
          question={`Resume schedule ${id}? It fires again from its next fire time.`}
          onConfirm={async () => {
            await schedulesApi.resumeSchedule({ namespace, id });
            onChange();
          }}
        />
      ) : (
        <ConfirmButton
          label="Pause"
          question={`Pause schedule ${id}? It makes no occurrences until resumed.`}
          onConfirm={async () => {
            await schedulesApi.pauseSchedule({ namespace, id });
            onChange();
          }}
        />
      )}
      <ConfirmButton
        label="Run now"
        question={`Run schedule ${id} now? One occurrence is enqueued at once; the trigger is unchanged.`}
        onConfirm={async () => {
          await schedulesApi.runScheduleNow({ namespace, id });
          onChange();
        }}
      />
    </span>
  );
}
