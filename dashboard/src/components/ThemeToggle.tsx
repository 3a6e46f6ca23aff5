import type { Theme } from '../api/settings.js';

/** Switches light and dark (the first choice follows the system's). */
export function ThemeToggle({ theme, onChange }: { theme: Theme; onChange(theme: Theme): void }) {
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" onClick={() => onChange(next)} aria-label={`Switch to ${next} theme`}>
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}
