import { useState, type FormEvent } from 'react';
import { JOB_STATES, stateName } from '../api/format.js';
import type { FilterValues } from './job-filter.js';

const TEXT_FIELDS: { name: keyof FilterValues; label: string; placeholder?: string }[] = [
  { name: 'queue', label: 'Queue' },
  { name: 'handler', label: 'Handler' },
  { name: 'key', label: 'Key' },
  { name: 'schedule', label: 'Schedule' },
  { name: 'payload', label: 'Payload contains', placeholder: '"orderId":42' },
];

/** The filter form; applying it changes the URL, which the list reads. */
export function JobFilters({ values, onApply }: { values: FilterValues; onApply(values: FilterValues): void }) {
  const [draft, setDraft] = useState(values);
  const set = (name: keyof FilterValues, value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const clear = () => {
    const empty = Object.fromEntries(Object.keys(draft).map((k) => [k, ''])) as unknown as FilterValues;
    setDraft(empty);
    onApply(empty);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Job filters">
      <label>
        State
        <select aria-label="State" value={draft.state} onChange={(e) => set('state', e.target.value)}>
          <option value="">any</option>
          {JOB_STATES.map((s) => (
            <option key={s} value={stateName(s)}>
              {stateName(s)}
            </option>
          ))}
        </select>
      </label>
      {TEXT_FIELDS.map((f) => (
        <label key={f.name}>
          {f.label}
          <input
            value={draft[f.name]}
            placeholder={f.placeholder}
            onChange={(e) => set(f.name, e.target.value)}
            autoComplete="off"
          />
        </label>
      ))}
      <label>
        Run at from
        <input type="datetime-local" step="1" value={draft.from} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        Run at before
        <input type="datetime-local" step="1" value={draft.to} onChange={(e) => set('to', e.target.value)} />
      </label>
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
