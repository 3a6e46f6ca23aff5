import { createHash } from 'node:crypto';

/** One crontab line that becomes a schedule. */
export interface CrontabEntry {
  /** 1-based line number in the file. */
  line: number;
  /** A 5-field cron expression (macros like @daily are expanded). */
  expression: string;
  /** The zone from the last CRON_TZ= or TZ= line before it. [UTC] */
  timezone: string;
  command: string;
  /** Variables set by earlier `NAME=value` lines (other than CRON_TZ, TZ). */
  env: Record<string, string>;
  /** Stable across imports: derived from what the line does, not where it sits. */
  id: string;
}

export class CrontabError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'CrontabError';
  }
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const ENV_LINE = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const FIELD = /^[0-9A-Za-z*,/\-?LW#]+$/;

/**
 * Parses a crontab (the user format: five time fields and a command; no user column). Comments and
 * blank lines are skipped; `NAME=value` lines set the environment of the lines after them, and
 * CRON_TZ= / TZ= their time zone. Lines with no equivalent are refused with their number: @reboot
 * (schedules fire on time, not at start-up) and an unescaped `%` (cron's stdin feed).
 */
export function parseCrontab(text: string, idPrefix = 'crontab'): CrontabEntry[] {
  const entries: CrontabEntry[] = [];
  const env: Record<string, string> = {};
  let timezone = 'UTC';
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const assignment = ENV_LINE.exec(trimmed);
    if (assignment) {
      const [, name, rawValue] = assignment as unknown as [string, string, string];
      const value = unquote(rawValue.trim());
      if (name === 'CRON_TZ' || name === 'TZ') timezone = value || 'UTC';
      else env[name] = value;
      return;
    }
    let expression: string;
    let command: string;
    if (trimmed.startsWith('@')) {
      const [macro = '', ...rest] = trimmed.split(/\s+/);
      if (macro === '@reboot') {
        throw new CrontabError(line, '@reboot is not supported: schedules fire on time, not when a machine starts');
      }
      const expanded = MACROS[macro];
      if (!expanded) throw new CrontabError(line, `unknown macro ${macro}`);
      expression = expanded;
      command = rest.join(' ');
    } else {
      const parts = trimmed.split(/\s+/);
      const fields = parts.slice(0, 5);
      if (parts.length < 6 || !fields.every((f) => FIELD.test(f))) {
        throw new CrontabError(line, 'expected five time fields and a command (or NAME=value, or a comment)');
      }
      expression = fields.join(' ');
      // The command is the rest of the line as written (its own spacing kept).
      command = trimmed.replace(/^(\S+\s+){5}/, '');
    }
    command = command.trim();
    if (command === '') throw new CrontabError(line, 'the command is missing');
    if (/(^|[^\\])%/.test(command)) {
      throw new CrontabError(line, 'an unescaped % (cron feeds what follows to stdin) is not supported: write \\%');
    }
    command = command.replace(/\\%/g, '%');
    const id = `${idPrefix}:${createHash('sha256').update(`${expression}\n${timezone}\n${command}`).digest('hex').slice(0, 16)}`;
    entries.push({ line, expression, timezone, command, env: { ...env }, id });
  });
  return entries;
}

function unquote(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.endsWith(q) && value.length >= 2 ? value.slice(1, -1) : value;
}
