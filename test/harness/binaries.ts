import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian, Homebrew and plain installs put the PostgreSQL server binaries. */
const POSTGRES_ROOTS = ['/usr/lib/postgresql', '/usr/local/opt', '/opt/homebrew/opt'];

/** The first directory holding `name` on PATH, or null. */
function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, name))) return dir;
  }
  return null;
}

/** The directory with `initdb` and `postgres`, newest version first; null when none is installed. */
function findPostgresBinDir(): string | null {
  for (const root of POSTGRES_ROOTS) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root)
      .filter((name) => /^(postgresql@)?\d+$/.test(name))
      .sort((a, b) => Number(b.replace(/\D/g, '')) - Number(a.replace(/\D/g, '')));
    for (const version of versions) {
      const bin = join(root, version, 'bin');
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'))) return bin;
    }
  }
  const dir = onPath('initdb');
  return dir && existsSync(join(dir, 'postgres')) ? dir : null;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Installs Debian packages when we may (root with apt-get); otherwise fails naming what to install, so
 * a developer knows the one command to run instead of reading a spawn ENOENT.
 */
function installOrFail(what: string, packages: string[]): void {
  if (!isRoot() || onPath('apt-get') === null) {
    throw new Error(
      `${what} is not installed: install the packages ${packages.join(', ')} (apt-get install ${packages.join(' ')})`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'ignore', env });
}

/** The PostgreSQL server binary directory, installing `postgresql` first when it is missing. */
export function postgresBinDir(): string {
  let dir = findPostgresBinDir();
  if (dir === null) {
    installOrFail('PostgreSQL', ['postgresql']);
    dir = findPostgresBinDir();
    if (dir === null) throw new Error('PostgreSQL: installed, but initdb and postgres were not found');
  }
  return dir;
}

/** The `redis-server` executable, installing `redis-server` first when it is missing. */
export function redisServerPath(): string {
  let dir = onPath('redis-server') ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin' : null);
  if (dir === null) {
    installOrFail('Redis', ['redis-server']);
    dir = onPath('redis-server') ?? '/usr/bin';
  }
  return join(dir, 'redis-server');
}
