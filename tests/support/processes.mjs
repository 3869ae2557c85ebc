// Server processes for the Node test suites (tests/interop, tests/e2e, web/browser): spawning a
// binary, reading the port it listens on from its output, stopping it, and temporary
// directories. Node built-ins only, so every suite can import it whatever its node_modules hold.
//
// Nothing here sleeps to synchronise: every wait is on process output or exit, and timeouts
// only turn a hang into a failure.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');

export const PARLEY_BIN = process.env.PARLEY_BIN || path.join(repoRoot, 'build/server/app/parley');

// Lines that name the bound port: the test servers print the first, `parley` logs the second.
export const PORT_LINE = /^PARLEY_PORT=(\d+)$/;
export const LISTENING_LINE = /parley listening on http:\/\/[^\s:]+:(\d+)/;

// Cheap password hashing and no rate limits unless a test asks for them.
export const FAST_ARGS = [
  '--password_hash_memory_kib', '1024',
  '--password_hash_ops', '1',
  '--rate_auth_burst', '100000',
  '--rate_messages_burst', '100000',
  '--rate_reactions_burst', '100000',
  '--rate_searches_burst', '100000',
];

// Resolves or rejects as `promise` does, or rejects after `ms` with a message naming `what`.
export function withTimeout(promise, ms, what) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

// Whatever a failed or interrupted test file leaves behind goes with it.
const running = new Set();
const tempDirs = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// A fresh temporary directory, removed when the test process exits.
export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

// Spawns `binary` and resolves, once a complete line of its stdout or stderr matches `portLine`
// (group 1: the port), with a handle: {port, url, wsUrl, child, exited, output, stderr, stop,
// kill}. output and stderr are the last `keepChars` characters of both streams and of stderr.
// stop() sends SIGTERM and resolves with {code, signal}; with `cleanExit` it also asserts
// {code: 0, signal: null}.
export async function startProcess(binary, argv, {
  portLine = PORT_LINE,
  name = path.basename(binary),
  startTimeoutMs = 10000,
  stopTimeoutMs = 15000,
  keepChars = 65536,
  cleanExit = false,
} = {}) {
  const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  let stderr = '';
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const listening = new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      // Only whole lines are matched, so a port cut in two by a pipe read is never taken.
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        output = (output + chunk).slice(-keepChars);
        if (stream === child.stderr) stderr = (stderr + chunk).slice(-keepChars);
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        for (const line of lines) {
          const m = portLine.exec(line.replace(/\r$/, ''));
          if (m) resolve(Number(m[1]));
        }
      });
    }
    child.once('error', reject);
    exited.then(({ code, signal }) =>
      reject(new Error(`${name} exited (code ${code}, signal ${signal}) before listening:\n${output}`)));
  });

  let port;
  try {
    port = await withTimeout(listening, startTimeoutMs, `${name} to print the port it listens on`);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    child,
    exited,
    get output() {
      return output;
    },
    get stderr() {
      return stderr;
    },
    async stop(timeoutMs = stopTimeoutMs) {
      if (alive()) child.kill('SIGTERM');
      let result;
      try {
        result = await withTimeout(exited, timeoutMs, `${name} to exit after SIGTERM`);
      } catch (err) {
        child.kill('SIGKILL');
        await exited;
        throw err;
      }
      if (cleanExit) {
        assert.deepEqual(result, { code: 0, signal: null },
          `${name} did not exit cleanly after SIGTERM:\n${output.slice(-4000)}`);
      }
      return result;
    },
    // SIGKILL (kill -9); resolves with {code, signal}.
    async kill() {
      if (alive()) child.kill('SIGKILL');
      return exited;
    },
  };
}

// Starts `parley` on a data directory and resolves once it logs "parley listening on
// http://HOST:PORT"; the handle is startProcess's plus dataDir. webRoot: the directory of the
// web client it serves; args: extra flags, later ones win over the defaults here; other
// options go to startProcess.
export async function startParley({ dataDir, webRoot, port = 0, args = [], ...options }) {
  const argv = [
    '--host', '127.0.0.1',
    '--port', String(port),
    '--data_dir', dataDir,
    '--web_root', webRoot,
    '--log_level', 'info',
    '--threads', '2',
    '--workers', '4',
    ...FAST_ARGS,
    ...args,
  ];
  const server = await startProcess(PARLEY_BIN, argv, { name: 'parley', portLine: LISTENING_LINE, ...options });
  assert.ok(port === 0 || server.port === port, `parley listens on ${server.port}, asked for ${port}`);
  server.dataDir = dataDir;
  return server;
}

// Copies a started server's handle (getters and methods included) into `target`, so a test file
// can hold one object from load time that its before() hook fills in.
export function fillIn(target, server) {
  return Object.defineProperties(target, Object.getOwnPropertyDescriptors(server));
}
