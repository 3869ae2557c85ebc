// Background jobs on the cluster shape: two parley processes polling one PostgreSQL job queue.
// Many jobs put in the queue at once are each run exactly once: every job ends done after one
// attempt, and the claims the two instances count on /metrics add up to the attempts stored,
// so no job was claimed by both. The job kind is the server's own upkeep, jobs.remove_finished.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

import { FAST_ARGS, get, startParley } from '../e2e/helpers.mjs';

const POSTGRES = process.env.PARLEY_TEST_POSTGRES_URL;
const REDIS = process.env.PARLEY_TEST_REDIS_URL;
const JOBS = 200;

const metric = (text, name) => Number(text.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1]);

async function until(what, check, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('two instances on one job queue never run one job twice', async () => {
  assert.ok(POSTGRES && REDIS, 'run under scripts/services.sh (PARLEY_TEST_POSTGRES_URL, PARLEY_TEST_REDIS_URL)');
  // A database of its own, so that every claim in it is one of these two instances'.
  const name = `jobs_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  execFileSync('psql', [POSTGRES, '-qc', `CREATE DATABASE ${name}`]);
  const url = POSTGRES.replace(/\/[^/]*$/, `/${name}`);
  const sql = (text) => execFileSync('psql', [url, '-tAqc', text], { encoding: 'utf8' }).trim();
  const args = [...FAST_ARGS, '--database', url, '--redis', REDIS, '--redis_prefix', `${name}:`,
    '--jwt_secret', 'cluster-test-secret-cluster-test-secret', '--job_poll_ms', '50', '--job_retention_ms', '600000'];
  const one = await startParley({ args });
  const two = await startParley({ args });
  try {
    const now = Date.now();
    sql(`INSERT INTO jobs (kind, payload, run_at, max_attempts, created_at, dedupe_key)
      SELECT 'jobs.remove_finished', '{}', ${now}, 3, ${now}, 'test-' || i FROM generate_series(1, ${JOBS}) i`);
    await until(`${JOBS} jobs done`,
      () => Number(sql(`SELECT count(*) FROM jobs WHERE dedupe_key LIKE 'test-%' AND state = 'done'`)) === JOBS);
    assert.equal(sql(`SELECT count(*) FROM jobs WHERE dedupe_key LIKE 'test-%' AND attempts <> 1`), '0',
      'each job claimed once');

    // Every job that ran in this database (the periodic ones too) ran on one of the two; their
    // counts of claims add up to the attempts stored, once nothing runs any more.
    await until('no job running', () => sql(`SELECT count(*) FROM jobs WHERE state = 'running'`) === '0');
    const [m1, m2] = await Promise.all([one, two].map(async (s) => (await get(s, '/metrics')).text));
    const claims = [metric(m1, 'parley_jobs_claimed_total'), metric(m2, 'parley_jobs_claimed_total')];
    const attempts = Number(sql('SELECT sum(attempts) FROM jobs'));
    assert.equal(claims[0] + claims[1], attempts, `claims per instance ${claims}, attempts stored ${attempts}`);
    assert.ok(claims[0] > 0 && claims[1] > 0, `both instances ran jobs: ${claims}`);
    assert.equal(metric(m1, 'parley_jobs_failed_total') + metric(m2, 'parley_jobs_failed_total'), 0);
  } finally {
    await one.stop();
    await two.stop();
  }
});
