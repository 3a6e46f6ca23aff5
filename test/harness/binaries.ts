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

/** A server the harness needs: what to call it, the Debian packages that hold it, the URL that replaces it. */
export interface MissingServer {
  what: string;
  packages: string[];
  urlVariable: string;
}

/** What this process may do about a missing binary. */
export interface InstallAbility {
  isRoot: boolean;
  /** The apt-get executable, or null when there is none (not Debian-like). */
  aptGet: string | null;
}

/** What to do about a missing server: run these apt-get commands, or fail with this message. */
export type MissingPlan = { action: 'install'; commands: string[][] } | { action: 'fail'; message: string };

/**
 * The decision, kept pure so a test can check both branches without running apt: root with apt-get
 * installs the Debian packages; anyone else gets a message naming them (and the URL variable that lets
 * the tests use an existing server instead), so a developer knows the one command to run instead of
 * reading a spawn ENOENT.
 */
export function planForMissing(server: MissingServer, ability: InstallAbility): MissingPlan {
  const { what, packages, urlVariable } = server;
  if (ability.isRoot && ability.aptGet !== null) {
    return {
      action: 'install',
      commands: [
        [ability.aptGet, 'update'],
        [ability.aptGet, 'install', '-y', '--no-install-recommends', ...packages],
      ],
    };
  }
  const why = ability.isRoot ? 'there is no apt-get to install it with' : 'the tests are not running as root';
  return {
    action: 'fail',
    message:
      `${what} is not installed and ${why}: install the Debian package${packages.length > 1 ? 's' : ''} ` +
      `${packages.join(', ')} (sudo apt-get install -y ${packages.join(' ')}), or set ${urlVariable} ` +
      `to a server the tests may use`,
  };
}

/** Runs one install command; throws with its output when it fails. */
export type CommandRunner = (command: string[]) => void;

/** How installOrFail acts on the world: run a command, tell the user. Tests replace both. */
export interface InstallIo {
  run: CommandRunner;
  log: (line: string) => void;
}

const systemIo: InstallIo = {
  run: ([file, ...args]) => {
    execFileSync(file!, args, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  },
  log: (line) => process.stderr.write(`${line}\n`),
};

function currentAbility(): InstallAbility {
  const aptGet = onPath('apt-get');
  return {
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    aptGet: aptGet === null ? null : join(aptGet, 'apt-get'),
  };
}

/** Carries out `planForMissing`: installs (telling the user why the run pauses) or throws its message. */
export function installOrFail(
  server: MissingServer,
  ability: InstallAbility = currentAbility(),
  io: InstallIo = systemIo,
): void {
  const plan = planForMissing(server, ability);
  if (plan.action === 'fail') throw new Error(plan.message);
  io.log(`test harness: ${server.what} is missing; installing ${server.packages.join(' ')} with apt-get`);
  for (const command of plan.commands) {
    try {
      io.run(command);
    } catch (error) {
      const output = (error as { stderr?: Buffer }).stderr?.toString().trim().slice(-2000) ?? '';
      throw new Error(
        `${server.what} is not installed, and \`${command.join(' ')}\` failed: install the Debian ` +
          `package${server.packages.length > 1 ? 's' : ''} ${server.packages.join(', ')} yourself, or set ` +
          `${server.urlVariable}${output === '' ? '' : `\n${output}`}`,
        { cause: error },
      );
    }
  }
}

export const POSTGRES: MissingServer = { what: 'PostgreSQL', packages: ['postgresql'], urlVariable: 'DATABASE_URL' };
export const REDIS: MissingServer = { what: 'Redis', packages: ['redis-server'], urlVariable: 'REDIS_URL' };

/** The PostgreSQL server binary directory, installing `postgresql` first when it is missing. */
export function postgresBinDir(): string {
  let dir = findPostgresBinDir();
  if (dir === null) {
    installOrFail(POSTGRES);
    dir = findPostgresBinDir();
    if (dir === null) throw new Error('PostgreSQL: installed, but initdb and postgres were not found');
  }
  return dir;
}

function findRedisServerDir(): string | null {
  return onPath('redis-server') ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin' : null);
}

/** The `redis-server` executable, installing `redis-server` first when it is missing. */
export function redisServerPath(): string {
  let dir = findRedisServerDir();
  if (dir === null) {
    installOrFail(REDIS);
    dir = findRedisServerDir();
    if (dir === null) throw new Error('Redis: installed, but redis-server was not found');
  }
  return join(dir, 'redis-server');
}
