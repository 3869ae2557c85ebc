// What the REST benchmarks (schedules.mjs, templates.mjs) share: their arguments, a parley of
// their own on a free port (cheap password hashing, no rate limits, plus the bench's flags),
// requests over keep-alive connections, a pool of concurrent tasks, the server's CPU time, and
// percentiles.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

/** `--name value` pairs over `defaults`. */
export function parseArgs(defaults) {
  const args = { ...defaults };
  for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
  return args;
}

export function failer(name) {
  return (why) => {
    console.error(`${name} bench: ${why}`);
    process.exit(1);
  };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
export const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

/**
 * A parley started with `flags` more (and `--database storeUrl` when given), its log in
 * DATA/parley.log. Resolves once /healthz answers with {request, must, pool, cpuMs, stop}.
 */
export async function startParley({ bin, data, storeUrl, flags = [], concurrency = 64, fail }) {
  fs.mkdirSync(data, { recursive: true });
  const port = await freePort();
  const all = [
    '--host', '127.0.0.1', '--port', String(port), '--data_dir', data, '--log_level', 'warn',
    '--password_hash_memory_kib', '8', '--password_hash_ops', '1',
    '--rate_messages_per_second', '1000000', '--rate_messages_burst', '1000000',
    '--rate_auth_per_second', '1000000', '--rate_auth_burst', '1000000',
    ...flags,
  ];
  if (storeUrl) all.push('--database', storeUrl);
  const out = fs.openSync(`${data}/parley.log`, 'a');
  const child = spawn(bin, all, { stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

  function request(method, path, { token, body } = {}) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(`${url}${path}`, {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode, json: text ? JSON.parse(text) : undefined, text }));
      });
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  async function must(method, path, opts, status = 200) {
    const res = await request(method, path, opts);
    if (res.status !== status) fail(`${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
    return res.json;
  }

  // Runs `task(i)` for i < count, `concurrency` at a time.
  async function pool(count, task) {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) await task(next++);
    }));
  }

  // The server's CPU time so far (user and system), in ms.
  const cpuMs = () => {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;  // clock ticks of 10 ms
  };

  const stop = () => {
    child.kill('SIGTERM');
    agent.destroy();
  };

  for (let i = 0; i < 600; i += 1) {
    const ok = await request('GET', '/healthz').then((r) => r.status === 200, () => false);
    if (ok) return { request, must, pool, cpuMs, stop };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  fail(`parley did not start; see ${data}/parley.log`);
  return undefined;
}
