import { useId, useRef, useState, type ReactNode } from 'react';
import { errorText } from '../api/format.js';

interface Props {
  /** The button's text (`Cancel`). */
  label: string;
  /** What the dialog asks (`Cancel job abc? A running attempt is aborted.`). */
  question: ReactNode;
  /** Resolves when done; a rejection is shown in the dialog. */
  onConfirm: () => Promise<unknown>;
  danger?: boolean;
  disabled?: boolean;
}

/** A button whose action runs only after a modal confirmation (native <dialog>: focus trap, Esc closes). */
export function ConfirmButton({ label, question, onConfirm, danger, disabled }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => setError(null)}>
        <h2 id={titleId}>{label}</h2>
        <p>{question}</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => dialog.current?.close()} disabled={busy}>
            Back
          </button>
          <button
            type="button"
            className={danger ? 'danger' : 'primary'}
            onClick={() => void confirm()}
            disabled={busy}
          >
            {busy ? 'Working…' : `Confirm ${label.toLowerCase()}`}
          </button>
        </div>
      </dialog>
    </>
  );
}
