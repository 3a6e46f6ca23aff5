import { Command, Option } from 'commander';
import { createOutput } from '../output/output.js';

/**
 * `tickwork migrate --store <path|url>`: brings a store's schema up to this version's. Explicit by
 * design for shared stores (PostgreSQL): a server never migrates them on start-up. A schema newer than
 * this version fails with SCHEMA_TOO_NEW (exit 5) and changes nothing.
 */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description('create or upgrade the schema of a store')
    .addOption(
      new Option('--store <location>', 'an SQLite file or postgres:// URL')
        .env('TICKWORK_STORE')
        .default('./tickwork.db'),
    )
    .option('--json', 'print JSON for scripts')
    .action(async (flags: { store: string; json?: boolean }) => {
      const out = createOutput(flags.json ?? false);
      const { openStoreAt } = await import('../open-store.js'); // the store drivers load only here
      const store = await openStoreAt(flags.store, { migrate: false });
      try {
        await store.migrate();
      } finally {
        await store.close();
      }
      out.data({ store: store.kind, location: redact(flags.store), migrated: true });
      out.say(`migrated the ${store.kind} store at ${redact(flags.store)}`);
    });
}

/** A URL's password never goes to a terminal or a log. */
function redact(location: string): string {
  return location.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
