import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRoute, HttpResponse } from '../../api/http-route.js';

/**
 * Where `npm run build:dashboard` writes the dashboard: `<package>/dist/dashboard`. This file sits at
 * `src/observability/dashboard/` (tsx) or `dist/observability/dashboard/` (built), three levels below
 * the package root either way.
 */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dist/dashboard/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface DashboardRouteOptions {
  /** The built dashboard. [DEFAULT_DASHBOARD_DIR] */
  dir?: string;
  /** The URL path it is served under, with slashes on both ends. [`/dashboard/`] */
  base?: string;
}

/**
 * Serves the built dashboard (static files, public: the API calls it makes carry the token). Paths
 * without a file fall back to index.html so the single-page app's own routes survive a reload; hashed
 * assets are cached for good, index.html never. `/` redirects to the dashboard.
 */
export function dashboardRoute(options: DashboardRouteOptions = {}): HttpRoute {
  const dir = options.dir ?? DEFAULT_DASHBOARD_DIR;
  const base = options.base ?? '/dashboard/';
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    if (pathname === '/' || pathname === base.slice(0, -1)) {
      res.writeHead(302, { location: base });
      res.end();
      return true;
    }
    if (!pathname.startsWith(base)) return false;
    void serveFile(dir, decodeSafe(pathname.slice(base.length)), req.method === 'HEAD', res);
    return true;
  };
}

async function serveFile(dir: string, relative: string | null, head: boolean, res: HttpResponse): Promise<void> {
  try {
    const path = relative === null ? null : inside(dir, relative);
    if (path === null) return send(res, 400, 'text/plain; charset=utf-8', 'bad path\n', head);
    const file = (await isFile(path)) ? path : extname(path) === '' ? join(dir, 'index.html') : null;
    if (file === null || !(await isFile(file))) {
      const built = await isFile(join(dir, 'index.html'));
      const why = built ? 'not found\n' : 'the dashboard is not built: run `npm run build:dashboard`\n';
      return send(res, built ? 404 : 503, 'text/plain; charset=utf-8', why, head);
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (head) res.end();
    else res.end(await readFile(file));
  } catch (error) {
    send(res, 500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`, head);
  }
}

function send(res: HttpResponse, status: number, type: string, body: string, head: boolean): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
  if (head) res.end();
  else res.end(body);
}

/** The file `relative` names under `dir`, or null when it would leave it (`..`, absolute paths). */
function inside(dir: string, relative: string): string | null {
  const path = normalize(join(dir, relative === '' ? 'index.html' : relative));
  return path.startsWith(normalize(dir.endsWith(sep) ? dir : dir + sep)) ? path : null;
}

function decodeSafe(path: string): string | null {
  try {
    const decoded = decodeURIComponent(path);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
