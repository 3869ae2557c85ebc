// The background jobs of a running parley on the embedded store: a job put in the queue (the
// table `jobs`, written here with the sqlite3 shell as another process would) is run by the
// server; a queued job survives kill -9 and runs after the restart; a job whose runner died
// while running it comes back when its lease ends. The job kind is the server's own upkeep,
// jobs.remove_finished, whose effect shows in the table: old finished jobs are gone.
// (tests/cluster/jobs.test.mjs: two instances on PostgreSQL never run one job twice.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, test } from 'node:test';

import { get, makeDataDir, startOne } from './helpers.mjs';

const JOB_ARGS = ['--job_poll_ms', '100', '--job_retention_ms', '60000'];

const sql = (db, text) =>
  execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 10000', db, text], { encoding: 'utf8' }).trim();

// A removal of finished jobs due at `runAt`, with a key of its own (the server's periodic one
// is keyed by its period); returns its id.
function enqueueRemoval(db, runAt) {
  const key = `test-${randomUUID()}`;
  return Number(sql(db, `INSERT INTO jobs (kind, payload, run_at, max_attempts, created_at, dedupe_key)
    VALUES ('jobs.remove_finished', '{}', ${runAt}, 3, ${Date.now()}, '${key}') RETURNING id`));
}

// A job that finished long ago, which a removal run deletes; returns its id.
function oldFinishedJob(db) {
  const long = Date.now() - 3600_000;
  return Number(sql(db, `INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, state, created_at, finished_at)
    VALUES ('export', '{}', ${long}, 1, 1, 'done', ${long}, ${long}) RETURNING id`));
}

const stateOf = (db, id) => sql(db, `SELECT state FROM jobs WHERE id = ${id}`);

async function until(what, check, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const metric = (text, name) => Number(text.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1]);

describe('background jobs on the embedded store', { skip: process.env.PARLEY_E2E_CLUSTER === '1' && 'SQLite only' }, () => {
  test('a job put in the queue is run by the running server', async () => {
    const dataDir = makeDataDir();
    const server = await startOne({ dataDir, args: JOB_ARGS });
    const db = path.join(dataDir, 'parley.db');
    try {
      const old = oldFinishedJob(db);
      const id = enqueueRemoval(db, Date.now());
      await until(`job ${id} done`, () => stateOf(db, id) === 'done');
      assert.equal(sql(db, `SELECT attempts FROM jobs WHERE id = ${id}`), '1');
      assert.equal(stateOf(db, old), '', 'the run removed the job that finished an hour ago');

      const metrics = (await get(server, '/metrics')).text;
      assert.ok(metric(metrics, 'parley_jobs_done_total') >= 2, 'this job and the server\'s periodic one');
      assert.equal(metric(metrics, 'parley_jobs_failed_total'), 0);
      assert.match(metrics, /^parley_job_run_seconds_count\{kind="jobs.remove_finished"\} \d+$/m);
      // The next period's runs: this kind's and the files' sweep.
      assert.match(metrics, /^parley_jobs_queued\{state="scheduled"\} 2$/m, 'the next period\'s runs');
      assert.match(metrics, /^parley_job_run_seconds_count\{kind="files.sweep"\} \d+$/m);
      assert.match(metrics, /^parley_pool_queued\{pool="jobs"\} 0$/m);
    } finally {
      await server.stop();
    }
  });

  test('a queued job survives kill -9 and runs after the restart; a dead runner\'s job comes back', async () => {
    const dataDir = makeDataDir();
    const db = path.join(dataDir, 'parley.db');
    let server = await startOne({ dataDir, args: JOB_ARGS });
    const id = enqueueRemoval(db, Date.now() + 1500);
    // Leased to a process that died: its lease ended a moment ago.
    const orphan = Number(sql(db, `INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, state,
        lease_owner, lease_until, created_at)
      VALUES ('jobs.remove_finished', '{}', ${Date.now() - 1000}, 1, 3, 'running', 'dead-host:1:x', ${Date.now() + 500},
        ${Date.now()}) RETURNING id`));
    const killed = await server.kill();
    assert.equal(killed.signal, 'SIGKILL');
    assert.equal(stateOf(db, id), 'queued', 'not due before the kill');
    assert.equal(stateOf(db, orphan), 'running');

    const old = oldFinishedJob(db);
    server = await startOne({ dataDir, args: JOB_ARGS });
    try {
      await until(`job ${id} done after the restart`, () => stateOf(db, id) === 'done');
      await until(`the orphaned job ${orphan} released and done`, () => stateOf(db, orphan) === 'done');
      assert.equal(sql(db, `SELECT attempts FROM jobs WHERE id = ${orphan}`), '2', 'run again after its lease');
      assert.equal(stateOf(db, old), '');
      const metrics = (await get(server, '/metrics')).text;
      assert.ok(metric(metrics, 'parley_jobs_released_total') >= 1);
    } finally {
      await server.stop();
    }
  });
});
