import { readFileSync, readdirSync } from 'node:fs';

/**
 * The SQL lives in .sql files next to this module (the build copies them next to the JS), read once
 * when a store opens. Queries files hold named blocks, each starting with `-- name: <name>`; the
 * comment lines after the marker document the statement.
 */

const here = (relative: string) => new URL(relative, import.meta.url);

/** The statements of one queries file (`queries/<file>.sql`) by name, with `{{fragment}}`s expanded. */
export function readQueries(file: string): Map<string, string> {
  const fragments = parseBlocks('fragments');
  const queries = parseBlocks(file);
  for (const [name, sql] of queries) {
    queries.set(
      name,
      sql.replace(/\{\{([a-z0-9-]+)\}\}/g, (_, fragment: string) => {
        const text = fragments.get(fragment);
        if (text === undefined) throw new Error(`queries/${file}.sql: "${name}" includes unknown {{${fragment}}}`);
        return text.replace(/^--.*$/gm, '').trim();
      }),
    );
  }
  return queries;
}

function parseBlocks(file: string): Map<string, string> {
  const text = readFileSync(here(`./queries/${file}.sql`), 'utf8');
  const blocks = new Map<string, string>();
  for (const block of text.split(/^-- name: /m).slice(1)) {
    const newline = block.indexOf('\n');
    const name = block.slice(0, newline).trim();
    if (blocks.has(name)) throw new Error(`queries/${file}.sql: "${name}" is defined twice`);
    blocks.set(name, block.slice(newline + 1).trim());
  }
  return blocks;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered migrations (`migrations/NNN_name.sql`), in order. Forward only: files are never edited. */
export function readMigrations(): Migration[] {
  const dir = here('./migrations/');
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(new URL(f, dir), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations: expected version ${i + 1}, found ${m.version}_${m.name}`);
  });
  return migrations;
}
