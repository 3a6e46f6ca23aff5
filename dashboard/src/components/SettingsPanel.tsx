import { useState, type FormEvent } from 'react';
import { settings } from '../api/settings.js';

interface Props {
  namespace: string;
  onNamespace(ns: string): void;
}

/** The namespace shown and the API token (kept in this browser's localStorage, sent as a bearer token). */
export function SettingsPanel({ namespace, onNamespace }: Props) {
  const [ns, setNs] = useState(namespace);
  const [token, setToken] = useState(settings.token() ?? '');
  const [saved, setSaved] = useState(false);
  const save = (e: FormEvent) => {
    e.preventDefault();
    const tokenChanged = (settings.token() ?? '') !== token.trim();
    settings.setToken(token.trim() || null);
    settings.setNamespace(ns.trim() || 'default');
    // A new token: start over, so every view and the event stream call again with it.
    if (tokenChanged) window.location.reload();
    onNamespace(ns.trim() || 'default');
    setSaved(true);
  };
  return (
    <details className="settings">
      <summary>Settings</summary>
      <form onSubmit={save}>
        <label>
          Namespace
          <input value={ns} onChange={(e) => setNs(e.target.value)} autoComplete="off" />
        </label>
        <label>
          API token
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit">Save</button>
        {saved && <span role="status">Saved</span>}
      </form>
    </details>
  );
}
