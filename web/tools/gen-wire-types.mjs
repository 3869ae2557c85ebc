// Generates web/src/client/wire.gen.ts, the TypeScript types of Parley's wire contract, from
// the documents the server generates from its own tables: /api/events.json (the Socket.IO
// event tables: name, payload schema, acknowledgement, emits; the protocol features) and
// /api/openapi.json (the REST route tables and the shared schemas). The web client types its
// emits and REST bodies with them, so a payload that drifts from the server fails `tsc`.
//
//   node tools/gen-wire-types.mjs [--check] [PARLEY_BIN]
//
// It starts the given parley binary (else $PARLEY_BIN, else ../build/server/app/parley) on a
// free loopback port with a temporary data directory, fetches both documents, stops it, and
// writes the file. With --check it writes nothing: it exits 1, showing the difference, when
// the committed file is not what the server generates now (ctest web_wire_types).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { LISTENING_LINE, makeTempDir, startProcess } from '../../tests/support/processes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const webRoot = path.resolve(here, '..');
const OUT = path.join(webRoot, 'src/client/wire.gen.ts');
const OUT_NAME = path.relative(path.resolve(webRoot, '..'), OUT);

// ---------------------------------------------------------------------------------------------
// Fetching the documents

async function fetchDocuments(binary) {
  if (!fs.existsSync(binary)) throw new Error(`no parley binary at ${binary} (pass its path, or set PARLEY_BIN)`);
  const dataDir = makeTempDir('parley-wire-');
  const server = await startProcess(
    binary,
    [
      '--host', '127.0.0.1',
      '--port', '0',
      '--data_dir', dataDir,
      '--web_root', dataDir,
      '--log_level', 'info',
      '--threads', '1',
      '--workers', '1',
    ],
    { name: 'parley', portLine: LISTENING_LINE, startTimeoutMs: 20000 },
  );
  try {
    const get = async (p) => {
      const res = await fetch(`${server.url}${p}`);
      if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${res.statusText}`);
      return res.json();
    };
    return { events: await get('/api/events.json'), openapi: await get('/api/openapi.json') };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Schema → TypeScript

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name) => (IDENT.test(name) ? name : `'${name}'`);
const literal = (v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v));

/** Words of `text` in lines of at most `width` characters. */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A doc comment of `lines` (paragraphs, each wrapped), indented by `indent`. */
function doc(lines, indent) {
  const width = 96 - indent.length - 3;
  const text = lines
    .filter(Boolean)
    .flatMap((l) => wrap(l.replace(/\*\//g, '*\\/'), width));
  if (text.length === 0) return '';
  if (text.length === 1 && text[0].length <= width - 4) return `${indent}/** ${text[0]} */\n`;
  return `${indent}/**\n${text.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */\n`;
}

/** What a field's schema says beyond its type, for its doc comment. */
function notes(schema) {
  const out = [];
  if (schema.description) out.push(schema.description);
  if (schema.format) out.push(`Format: ${schema.format}.`);
  if (schema.minimum !== undefined) out.push(`Minimum: ${schema.minimum}.`);
  if (schema.maximum !== undefined) out.push(`Maximum: ${schema.maximum}.`);
  if (schema.maxItems !== undefined) out.push(`At most ${schema.maxItems} items.`);
  if (schema['x-lenient']) out.push('Lenient: the server takes a value of another type as absent.');
  return out;
}

function refName(ref) {
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return `Schemas['${m[1]}']`;
}

function tsType(schema, indent) {
  if (!schema || typeof schema !== 'object') return 'unknown';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) {
    const one = schema.enum.map(literal).join(' | ');
    if (indent.length + one.length < 80) return one;
    return schema.enum.map((v) => `\n${indent}  | ${literal(v)}`).join('');
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? objectType(schema, indent) : 'unknown';
  return types.map((t) => single(t, schema, indent)).join(' | ');
}

function single(type, schema, indent) {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const item = tsType(schema.items, indent);
      return /^[\w[\]'.]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case 'object':
      return objectType(schema, indent);
    default:
      throw new Error(`unsupported JSON Schema type ${type}`);
  }
}

/** ": T", or ":" before a type that starts on its own line. */
const typed = (t) => (t.startsWith('\n') ? `:${t}` : `: ${t}`);

function objectType(schema, indent) {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return 'Record<string, never>';
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const body = props
    .map(([name, s]) => `${doc(notes(s), inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}${typed(tsType(s, inner))};`)
    .join('\n');
  return `{\n${body}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------
// The file

function clientEvents(events) {
  const out = [];
  for (const e of events.clientToServer) {
    const lines = [`\`${e.event}\` ${e.payload || '(no payload)'}`];
    if (e.ack) lines.push(`Acknowledged with ${e.ack}.`);
    if (e.emits) lines.push(`Emits: ${e.emits}.`);
    out.push(`${doc(lines, '  ')}  ${key(e.event)}: ${tsType(e.schema, '  ')};`);
  }
  return out.join('\n');
}

function serverEvents(events) {
  return events.serverToClient
    .map((e) => {
      const lines = [`\`${e.event}\` ${e.payload || '(no payload)'}`];
      if (e.emits) lines.push(`When: ${e.emits}.`);
      return `${doc(lines, '  ')}  ${literal(e.event)},`;
    })
    .join('\n');
}

function schemas(openapi) {
  return Object.entries(openapi.components?.schemas ?? {})
    .map(([name, s]) => `${doc(notes(s), '  ')}  ${key(name)}: ${tsType(s, '  ')};`)
    .join('\n');
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function successResponse(op) {
  const entries = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
  if (entries.length === 0) return { code: '', type: 'unknown' };
  const [code, res] = entries[0];
  const schema = res.content?.['application/json']?.schema;
  if (schema) return { code, type: tsType(schema, '    ') };
  return { code, type: code === '204' ? 'null' : 'unknown' };
}

function paramsType(op, where) {
  const params = (op.parameters ?? []).filter((p) => p.in === where);
  if (params.length === 0) return null;
  const required = params.filter((p) => p.required).map((p) => p.name);
  const properties = Object.fromEntries(
    params.map((p) => [p.name, { ...p.schema, ...(p.description ? { description: p.description } : {}) }]),
  );
  return tsType({ type: 'object', properties, required }, '    ');
}

function restOperations(openapi) {
  const out = [];
  for (const [p, item] of Object.entries(openapi.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const name = `${method.toUpperCase()} ${p}`;
      const fields = [];
      const pathParams = paramsType(op, 'path');
      if (pathParams) fields.push(`    path: ${pathParams};`);
      const query = paramsType(op, 'query');
      if (query) fields.push(`    query: ${query};`);
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) fields.push(`    body: ${tsType(body, '    ')};`);
      const res = successResponse(op);
      fields.push(`${doc([res.code ? `The ${res.code} answer.` : ''], '    ')}    response: ${res.type};`);
      const lines = [op.summary, op.security ? 'Needs the bearer token.' : ''];
      out.push(`${doc(lines, '  ')}  '${name}': {\n${fields.join('\n')}\n  };`);
    }
  }
  return out.join('\n');
}

function render({ events, openapi }) {
  const features = (events.features ?? []).map((f) => f.name);
  const featureDocs = (events.features ?? []).map((f) => `\`${f.name}\`: ${f.description}.`);
  return `// Generated by web/tools/gen-wire-types.mjs from what parley serves at /api/events.json (its
// Socket.IO event tables) and /api/openapi.json (its REST route tables). Do not edit: after a
// change to those tables run \`npm run gen:wire\` in web/ and commit the result; the test
// web_wire_types fails while this file and the server disagree, and \`tsc\` wherever the
// client's payloads no longer match.

${doc(['The optional protocol features a client may declare (handshake `auth.features`).', ...featureDocs], '')}export const FEATURES = [${features.map(literal).join(', ')}] as const;
export type Feature = (typeof FEATURES)[number];

${doc([`The handshake's auth payload${events.auth ? `: ${events.auth}` : ''}.`], '')}export interface HandshakeAuth {
  token: string;
  features?: Feature[];
}

${doc(
    [
      'The events a client sends, each with the payload the server checks before any handler runs (fields it does not name are ignored).',
      events.errors ? `Errors: ${events.errors}.` : '',
    ],
    '',
  )}export interface ClientEvents {
${clientEvents(events)}
}

export type ClientEventName = keyof ClientEvents;

/** The events the server sends (their payloads are described, not given a schema, by the server). */
export const SERVER_EVENTS = [
${serverEvents(events)}
] as const;
export type ServerEventName = (typeof SERVER_EVENTS)[number];

/** The objects of the REST API (OpenAPI components). */
export interface Schemas {
${schemas(openapi)}
}

${doc(['The REST operations by method and path, as the OpenAPI document lists them.', openapi.info?.description ?? ''], '')}export interface RestOperations {
${restOperations(openapi)}
}

export type RestOperation = keyof RestOperations;
`;
}

// ---------------------------------------------------------------------------------------------
// --check: a line diff of the committed file against the generated one

function lineDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: ' ', text: x[i], line: i + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ op: '-', text: x[i], line: i + 1 });
      i++;
    } else {
      out.push({ op: '+', text: y[j], line: i + 1 });
      j++;
    }
  }
  // Changed lines with two lines of context, at most 80 lines in all.
  const shown = out.map((d, k) => out.slice(Math.max(0, k - 2), k + 3).some((e) => e.op !== ' '));
  const lines = [];
  let gap = false;
  out.forEach((d, k) => {
    if (!shown[k]) {
      gap = true;
      return;
    }
    if (gap || lines.length === 0) lines.push(`@@ line ${d.line} of the committed file @@`);
    gap = false;
    lines.push(`${d.op} ${d.text}`);
  });
  return lines.length > 80 ? [...lines.slice(0, 80), `... (${lines.length - 80} more lines)`] : lines;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const binary = path.resolve(
    args.find((a) => !a.startsWith('--')) ?? process.env.PARLEY_BIN ?? path.join(webRoot, '../build/server/app/parley'),
  );
  const text = render(await fetchDocuments(binary));
  if (!check) {
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${OUT_NAME} from ${binary}`);
    return 0;
  }
  const committed = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (committed === text) {
    console.log(`${OUT_NAME} matches the event and route tables of ${binary}`);
    return 0;
  }
  console.error(
    `${OUT_NAME} does not match the event and route tables of ${binary}.\n` +
      'The server\'s wire contract changed (or the file was edited by hand). Regenerate it with\n' +
      '  cd web && npm run gen:wire        (or: node web/tools/gen-wire-types.mjs PATH/TO/parley)\n' +
      'then fix what `npm run lint` reports and commit the file. Committed (-) against generated (+):\n',
  );
  console.error(committed ? lineDiff(committed, text).join('\n') : '(the file is missing)');
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`gen-wire-types: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);
