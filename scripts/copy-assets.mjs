// Copies non-TypeScript assets (SQL migrations and queries, Lua scripts) next to the compiled code.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ASSET = /\.(sql|lua)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (ASSET.test(name)) cpSync(path, join('dist', relative('src', path)));
  }
}
walk('src');
