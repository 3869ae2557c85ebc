// The web client's layering (web/README.md): a feature folder (src/features/<name>/) imports
// the client layer (src/client), shared UI (src/shared) and the app's store and router
// (src/app/store-context, src/app/router), never another feature: the app composes features.
// The client layer imports no React and nothing of the UI but the strings (src/i18n/core.ts,
// without React; src/i18n imports nothing of the client or the UI). Exits 1 naming each import that breaks a rule.
import fs from 'node:fs';
import path from 'node:path';

const src = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../src');
const IMPORT_RE = /^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.(ts|tsx)$/.test(e.name)) yield p;
  }
}

const problems = [];
for (const file of files(src)) {
  const rel = path.relative(src, file).split(path.sep);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    const where = `${path.relative(path.dirname(src), file)}: '${spec}'`;
    if (!spec.startsWith('.')) {
      if (rel[0] === 'client' && /^react(-dom)?($|\/)/.test(spec)) problems.push(`${where}: the client layer has no React`);
      continue;
    }
    const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep);
    if (rel[0] === 'features') {
      if (target[0] === 'features' && target[1] !== rel[1]) {
        problems.push(`${where}: a feature imports another feature (compose them in src/app instead)`);
      } else if (target[0] === 'app' && !['store-context', 'router'].includes(target[1]?.replace(/\.tsx?$/, ''))) {
        problems.push(`${where}: a feature imports the app's shell`);
      }
    } else if (rel[0] === 'client' && target[0] !== 'client' && !(target[0] === 'i18n' && target[1]?.replace(/\.ts$/, '') === 'core')) {
      problems.push(`${where}: the client layer imports the UI`);
    } else if (rel[0] === 'shared' && (target[0] === 'features' || target[0] === 'app')) {
      problems.push(`${where}: shared UI imports a feature or the app`);
    } else if (rel[0] === 'i18n' && target[0] !== 'i18n') {
      problems.push(`${where}: the strings import nothing of the client or the UI`);
    }
  }
}
if (problems.length) {
  console.error(`Layering broken (web/README.md):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
