/** What the dashboard remembers in this browser: the API token, the namespace, the theme. */
const KEYS = { token: 'tickwork.token', namespace: 'tickwork.namespace', theme: 'tickwork.theme' } as const;

export type Theme = 'light' | 'dark';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled: behave as if nothing was saved
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null || value === '') localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage disabled: the setting lasts for this page only
  }
}

export const settings = {
  token: () => read(KEYS.token),
  setToken: (token: string | null) => write(KEYS.token, token),
  namespace: () => read(KEYS.namespace) ?? 'default',
  setNamespace: (ns: string) => write(KEYS.namespace, ns),
  theme: (): Theme =>
    (read(KEYS.theme) as Theme | null) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
  setTheme: (theme: Theme) => write(KEYS.theme, theme),
};
