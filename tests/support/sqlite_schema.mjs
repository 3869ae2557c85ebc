// What tests that start from a database of an earlier release need to know of the SQLite
// schema, read from where the server's code states it, so that it is written once:
// the SQL that undoes migrations (server/store/sqlite/test_schema.hpp) and the latest
// schema version (the highest Migration{N, ...} in server/store/sqlite/schema*.cpp).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sqliteDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../server/store/sqlite');

// The SQL of the constant `name` of test_schema.hpp (its adjacent string literals joined).
export function sqliteUndo(name) {
  const header = fs.readFileSync(path.join(sqliteDir, 'test_schema.hpp'), 'utf8');
  const start = header.indexOf(`${name} =`);
  if (start < 0) throw new Error(`test_schema.hpp has no ${name}`);
  const end = header.indexOf(';\n', start);
  const literals = header.slice(start, end).match(/"((?:[^"\\]|\\.)*)"/g) ?? [];
  return literals.map((l) => JSON.parse(l)).join('');
}

export function latestSqliteVersion() {
  const files = fs.readdirSync(sqliteDir).filter((f) => /^schema.*\.cpp$/.test(f));
  const versions = files.flatMap((f) =>
    [...fs.readFileSync(path.join(sqliteDir, f), 'utf8').matchAll(/Migration\{(\d+),/g)].map((m) => Number(m[1])),
  );
  if (versions.length === 0) throw new Error(`no Migration{N, ...} in ${sqliteDir}/schema*.cpp`);
  return Math.max(...versions);
}
