import { errorText } from '../api/format.js';

/** A failed read, said plainly (a missing token shows as such). */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {errorText(error)}
    </p>
  );
}
