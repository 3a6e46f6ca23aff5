import { ValidationError } from '../core/errors.js';

/**
 * Which URLs HTTP-target jobs may call: a list of origins (`https://api.example.com`), where a port of
 * `*` matches any port (`http://127.0.0.1:*`) and a lone `*` matches everything. Whoever can enqueue a
 * job can make the dispatcher send a POST, so the default reaches this host only.
 */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = [
  'http://127.0.0.1:*',
  'http://localhost:*',
  'http://[::1]:*',
];

interface Rule {
  protocol: string;
  hostname: string;
  /** null: any port. */
  port: string | null;
}

export class OriginPolicy {
  private readonly any: boolean;
  private readonly rules: Rule[];

  constructor(
    readonly entries: readonly string[],
    field = 'allowedOrigins',
  ) {
    this.any = entries.includes('*');
    this.rules = entries.filter((e) => e !== '*').map((e, i) => parseRule(e, `${field}[${i}]`));
  }

  allows(url: string): boolean {
    if (this.any) return true;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    return this.rules.some(
      (r) => r.protocol === u.protocol && r.hostname === u.hostname && (r.port === null || r.port === port),
    );
  }
}

function parseRule(entry: string, field: string): Rule {
  const anyPort = entry.endsWith(':*');
  let u: URL;
  try {
    u = new URL(anyPort ? entry.slice(0, -2) : entry);
  } catch {
    throw new ValidationError(field, `"${entry}" is not an origin (scheme://host[:port], port may be *)`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || (u.pathname !== '/' && u.pathname !== '')) {
    throw new ValidationError(field, `"${entry}" is not an http(s) origin without a path`);
  }
  return {
    protocol: u.protocol,
    hostname: u.hostname,
    port: anyPort ? null : u.port || (u.protocol === 'https:' ? '443' : '80'),
  };
}
