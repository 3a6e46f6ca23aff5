import { createContext, useContext, useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/** Where the dashboard is mounted (vite's `base`). */
export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export interface Route {
  /** The path inside the dashboard: `/jobs/abc`. */
  path: string;
  query: URLSearchParams;
}

function current(): Route {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) || '/' : '/';
  return { path, query: new URLSearchParams(window.location.search) };
}

const RouteContext = createContext<Route>(current());

/** A History API router: enough for four pages, no dependency. The server falls back to index.html. */
export function Router({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return <RouteContext.Provider value={route}>{children}</RouteContext.Provider>;
}

export function useRoute(): Route {
  return useContext(RouteContext);
}

/** Goes to `to` (a path inside the dashboard, query allowed); `replace` keeps the history short. */
export function navigate(to: string, replace = false): void {
  const url = BASE + to;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const route = useRoute();
  const active = to === '/' ? route.path === '/' : route.path.startsWith(to.split('?')[0]!);
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={BASE + to} onClick={onClick} className={className} aria-current={active ? 'page' : undefined}>
      {children}
    </a>
  );
}
