// Account rules through POST /auth/register and /auth/login: look-alike emails are the same
// account or refused, names refuse hidden characters, common and blank passwords are refused,
// and a database of the previous release holding look-alike accounts is upgraded in place with
// the look-alikes reported, never merged.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';

import { assertRestError, get, makeDataDir, post, registerUser, request, startParley, useParley } from './helpers.mjs';
import { latestSqliteVersion, sqliteUndo } from '../support/sqlite_schema.mjs';

const { server } = useParley();

let domains = 0;
// A domain of its own per test, so that short local parts such as "a" stay unique.
const uniqueDomain = () => `d${process.pid}x${Date.now().toString(36)}x${++domains}.test`;

const COMMON = 'This password is too common. Choose one that is harder to guess.';
const PASSWORD = 'correct horse battery';

describe('look-alike emails', () => {
  test('each look-alike of a@… is the same account (409) or refused (400), never a new one', async () => {
    const d = uniqueDomain();
    const original = await registerUser(server, { email: `a@${d}` });
    assert.equal(original.user.email, `a@${d}`);
    const cases = [
      ['Cyrillic а', `\u0430@${d}`, 400, 'invalid_input'],
      ['full-width ａ', `\uff41@${d}`, 409, 'conflict'],
      ['trailing zero-width space', `a@${d}\u200b`, 400, 'invalid_input'],
      ['trailing NUL', `a@${d}\u0000`, 400, 'invalid_input'],
      ['trailing dot of the domain', `a@${d}.`, 409, 'conflict'],
      ['upper case', `A@${d.toUpperCase()}`, 409, 'conflict'],
      ['Latin mixed with a Cyrillic а', `p\u0430ypal@${d}`, 400, 'invalid_input'],
      ['right-to-left override', `a\u202e@${d}`, 400, 'invalid_input'],
      ['BEL', `a\u0007@${d}`, 400, 'invalid_input'],
    ];
    for (const [what, email, status, code] of cases) {
      const res = await post(server, '/auth/register', { email, name: 'Twin', password: PASSWORD });
      assertRestError(res, status, code, what);
    }
    const zw = await post(server, '/auth/register', { email: `b@${d}\u200b`, name: 'Zw', password: PASSWORD });
    assert.match(zw.json.message, /U\+200B/, 'the message names the character');
    const mixed = await post(server, '/auth/register', { email: `p\u0430ypal@${d}`, name: 'P', password: PASSWORD });
    assert.match(mixed.json.message, /scripts/);
  });

  test('the canonical form is what is stored: full width and a trailing dot are folded', async () => {
    const d = uniqueDomain();
    const res = await post(server, '/auth/register', { email: `\uff2b\uff49\uff4d@${d.toUpperCase()}.`, name: 'Kim', password: PASSWORD });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.user.email, `kim@${d}`);
  });

  test('an address wholly in another script is allowed when it does not imitate Latin', async () => {
    const d = uniqueDomain();
    const res = await post(server, '/auth/register', { email: `\u0418\u0432\u0430\u043d@${d}`, name: 'Иван', password: PASSWORD });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.user.email, `\u0438\u0432\u0430\u043d@${d}`);
  });

  test('login uses the same normalization: A@X.TEST. signs into a@x.test', async () => {
    const d = uniqueDomain();
    const u = await registerUser(server, { email: `a@${d}` });
    for (const email of [`A@${d.toUpperCase()}.`, `\uff41@${d}`, `a@${d}\u200b`]) {
      const res = await post(server, '/auth/login', { email, password: u.password });
      assert.equal(res.status, 200, `${email}: ${res.text}`);
      assert.equal(res.json.user.id, u.id);
    }
    assertRestError(await post(server, '/auth/login', { email: `\u0430@${d}`, password: u.password }), 401, 'unauthorized',
      'the Cyrillic look-alike is nobody');
  });
});

describe('names and passwords', () => {
  test('names with control, invisible or direction characters are refused', async () => {
    for (const [what, name, shown] of [
      ['U+202E', 'evil\u202etxt.exe', 'U+202E'], ['NUL', 'nul\u0000', 'U+0000'], ['BEL', 'bell\u0007', 'U+0007'],
      ['zero-width space', 'A\u200bnn', 'U+200B'], ['left-to-right isolate', 'A\u2066nn', 'U+2066'],
    ]) {
      const res = await post(server, '/auth/register', { email: `n@${uniqueDomain()}`, name, password: PASSWORD });
      assertRestError(res, 400, 'invalid_input', what);
      assert.match(res.json.message, new RegExp(shown.replace('+', '\\+')), what);
    }
    const ok = await post(server, '/auth/register', { email: `n@${uniqueDomain()}`, name: 'Anna \u2764\ufe0f', password: PASSWORD });
    assert.equal(ok.status, 201, ok.text);
  });

  test('blank and common passwords are refused with a message a person understands', async () => {
    for (const password of ['password', 'PASSWORD', 'Password1', 'qwertyuiop', '12345678', 'iloveyou']) {
      const res = await post(server, '/auth/register', { email: `p@${uniqueDomain()}`, name: 'P', password });
      assertRestError(res, 400, 'invalid_input', password);
      assert.equal(res.json.message, COMMON, password);
    }
    for (const password of ['        ', '\t\t\t\t\t\t\t\t', '\u3000'.repeat(8)]) {
      const res = await post(server, '/auth/register', { email: `p@${uniqueDomain()}`, name: 'P', password });
      assertRestError(res, 400, 'invalid_input', JSON.stringify(password));
      assert.match(res.json.message, /only spaces/);
    }
  });
});

describe('changing one\'s name (PATCH /api/v1/me)', () => {
  test('the new name, trimmed, is what /me, the user list and the directory show', async () => {
    const d = uniqueDomain();
    const u = await registerUser(server, { email: `r@${d}`, name: 'Before' });
    const other = await registerUser(server, { email: `o@${d}`, name: 'Other' });
    const res = await request(server, 'PATCH', '/api/v1/me', { token: u.token, body: { name: '  Zoë Renamed ' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual({ id: res.json.id, name: res.json.name, email: res.json.email }, { id: u.id, name: 'Zoë Renamed', email: `r@${d}` });
    assert.equal((await get(server, '/api/v1/me', u.token)).json.name, 'Zoë Renamed');
    const listed = (await get(server, '/api/users', other.token)).json.find((x) => x.id === u.id);
    assert.equal(listed.name, 'Zoë Renamed');
    const found = await get(server, `/api/v1/directory?q=${encodeURIComponent('zoë ren')}`, other.token);
    assert.deepEqual(found.json.users.map((x) => x.id), [u.id]);
    const login = await post(server, '/auth/login', { email: `r@${d}`, password: u.password });
    assert.equal(login.json.user.name, 'Zoë Renamed');
  });

  test('the registration rules apply; only the caller, only under /api/v1', async () => {
    const u = await registerUser(server, { email: `s@${uniqueDomain()}`, name: 'Same' });
    for (const [what, name] of [['empty', ''], ['blank', '   '], ['too long', 'x'.repeat(65)], ['U+202E', 'a\u202eb']]) {
      assertRestError(await request(server, 'PATCH', '/api/v1/me', { token: u.token, body: { name } }), 400, 'invalid_input', what);
    }
    assertRestError(await request(server, 'PATCH', '/api/v1/me', { token: u.token, body: {} }), 400, 'invalid_input', 'no name');
    assertRestError(await request(server, 'PATCH', '/api/v1/me', { body: { name: 'Anon' } }), 401, 'unauthorized');
    assert.equal((await request(server, 'PATCH', '/me', { token: u.token, body: { name: 'Old path' } })).status, 405,
      'the unversioned /me keeps only GET');
    assert.equal((await get(server, '/api/v1/me', u.token)).json.name, 'Same');
  });
});

// What migrations 7 to 11 (groups, invite links, edits, threads, reactions) added.
const UNDO_GROUPS = sqliteUndo('kUndoSearch') + sqliteUndo('kUndoFiles') + sqliteUndo('kUndoEmoji') + sqliteUndo('kUndoPrivacy') + sqliteUndo('kUndoReactions') + sqliteUndo('kUndoLifecycle') + sqliteUndo('kUndoGroups');

// The upgrade: a database as the previous release left it (schema version 2, no account
// checks), with look-alike accounts its rules let in. Made by this build, then taken back to
// version 2 with the sqlite3 shell.
describe('upgrading a database with look-alike accounts', { skip: process.env.PARLEY_E2E_CLUSTER === '1' && 'SQLite only' }, () => {
  test('the start-up check normalizes, reports collisions and keeps every account', async () => {
    const dataDir = makeDataDir();
    const db = path.join(dataDir, 'parley.db');
    const sql = (text) => execFileSync('sqlite3', ['-bail', db, text], { encoding: 'utf8' }).trim();
    const d = uniqueDomain();
    let s = await startParley({ dataDir });
    const users = {};
    for (const key of ['twin', 'other', 'solo', 'cyr']) users[key] = await registerUser(s, { email: `${key}@${d}` });
    await s.stop();
    // Migrations 7 and 8 (groups) undone first, then 3 to 6.
    sql(`${UNDO_GROUPS}
         DROP INDEX users_directory; ALTER TABLE users DROP COLUMN name_key; ALTER TABLE users DROP COLUMN email_key;
         DROP TABLE account_issues; DROP TABLE account_checks; DROP TABLE server_settings; DROP TABLE jobs; DELETE FROM schema_version WHERE version > 2;
         UPDATE users SET email = 'twin@${d}.' WHERE email = 'other@${d}';
         UPDATE users SET email = 'solo@${d}.' WHERE email = 'solo@${d}';
         UPDATE users SET email = '\u0430@${d}' WHERE email = 'cyr@${d}';`);
    assert.equal(sql('SELECT MAX(version) FROM schema_version'), '2');

    s = await startParley({ dataDir });
    try {
      // The warnings name the accounts.
      for (const u of [users.twin, users.other, users.cyr]) assert.match(s.output, new RegExp(`account ${u.id}`), s.output);
      assert.match(s.output, /account check emails-v1: 4 accounts, 1 emails normalized, 3 issues/);
      // The report is queryable; nothing was merged or lost.
      assert.equal(sql('SELECT MAX(version) FROM schema_version'), String(latestSqliteVersion()));
      const issues = sql('SELECT user_id, kind FROM account_issues ORDER BY user_id').split('\n').sort();
      assert.deepEqual(issues, [`${users.twin.id}|collision`, `${users.other.id}|collision`, `${users.cyr.id}|refused`].sort());
      assert.equal(sql('SELECT COUNT(*) FROM users'), '4');
      assert.equal(sql(`SELECT email FROM users WHERE id = '${users.other.id}'`), `twin@${d}.`);
      assert.equal(sql(`SELECT email FROM users WHERE id = '${users.solo.id}'`), `solo@${d}`);
      // The normalized account signs in with either spelling; the others as before.
      for (const email of [`solo@${d}`, `SOLO@${d}.`]) {
        const res = await post(s, '/auth/login', { email, password: users.solo.password });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.user.id, users.solo.id);
      }
      const twinLogin = await post(s, '/auth/login', { email: `twin@${d}`, password: users.twin.password });
      assert.equal(twinLogin.json?.user?.id, users.twin.id, twinLogin.text);
      const cyrLogin = await post(s, '/auth/login', { email: `\u0430@${d}`, password: users.cyr.password });
      assert.equal(cyrLogin.json?.user?.id, users.cyr.id, cyrLogin.text);
    } finally {
      await s.stop();
    }
    // The next start finds nothing to do and the report stays.
    s = await startParley({ dataDir });
    await s.stop();
    assert.doesNotMatch(s.output, /account check emails-v1/);
    assert.equal(sql('SELECT COUNT(*) FROM account_issues'), '3');
  });
});
