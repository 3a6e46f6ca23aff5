/**
 * Which commands the shell executor may run: exact commands, or patterns where `*` matches any run of
 * characters (`/usr/local/bin/backup.sh *`). Nothing else is a wildcard: the allow-list reads as the
 * commands themselves.
 */
export class CommandPolicy {
  private readonly exact: Set<string>;
  private readonly patterns: RegExp[];

  constructor(readonly entries: readonly string[]) {
    this.exact = new Set(entries.filter((e) => !e.includes('*')));
    this.patterns = entries
      .filter((e) => e.includes('*'))
      .map((e) => new RegExp(`^${e.split('*').map(escape).join('.*')}$`, 's'));
  }

  allows(command: string): boolean {
    return this.exact.has(command) || this.patterns.some((p) => p.test(command));
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
