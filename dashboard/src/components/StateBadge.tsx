import type { JobState } from '../../../src/gen/tickwork/v1/common_pb.js';
import { stateName } from '../api/format.js';

/** A job state as a coloured label (the colour repeats the word, never replaces it). */
export function StateBadge({ state }: { state: JobState }) {
  const name = stateName(state);
  return (
    <span className={`badge state-${name}`} data-state={name}>
      {name}
    </span>
  );
}
