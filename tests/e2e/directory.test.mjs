// The user directory: GET /api/v1/directory (paged, searchable), and the directory_emails
// setting, which hides the emails of users who share no chat with the viewer in every user
// list (/api/users, /api/v1/users, /api/v1/directory, users:list) while keeping email a string.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertRestError, assertUser, get, openChat, registerUser, uniqueEmail, useParley } from './helpers.mjs';

const open = useParley();
const contacts = useParley({ args: ['--directory_emails', 'contacts'] });

// A tag no other test's users have, so that a search for it finds only this test's users.
let tags = 0;
const newTag = () => `dir${process.pid.toString(36)}x${Date.now().toString(36)}x${++tags}`;

// Every page of the directory for `q`, following nextCursor; asserts each page's shape.
async function walk(server, token, q, limit) {
  const all = [];
  let cursor = null;
  for (let pages = 0; pages < 100; pages++) {
    const params = new URLSearchParams({ q });
    if (limit !== undefined) params.set('limit', String(limit));
    if (cursor) params.set('cursor', cursor);
    const res = await get(server, `/api/v1/directory?${params}`, token);
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.json.users), res.text);
    assert.ok('nextCursor' in res.json, 'nextCursor is always present');
    if (limit !== undefined) assert.ok(res.json.users.length <= limit);
    for (const u of res.json.users) assertUser(u, { withOnline: true });
    all.push(...res.json.users);
    cursor = res.json.nextCursor;
    if (cursor === null) return all;
    assert.equal(typeof cursor, 'string');
  }
  throw new Error('the directory did not end');
}

describe('GET /api/v1/directory', () => {
  const { server } = open;

  test('pages by name with an opaque cursor, without repeats or gaps', async () => {
    const tag = newTag();
    const names = ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo', 'foxtrot', 'Golf'].map((n) => `${n} ${tag}`);
    const users = [];
    for (const name of names) users.push(await registerUser(server, { name }));
    const viewer = users[0];
    const all = await walk(server, viewer.token, tag, 3);
    assert.deepEqual(all.map((u) => u.name), [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    assert.equal(new Set(all.map((u) => u.id)).size, names.length);
    // Every email is shown by default, and no password hash ever (request() checks that).
    for (const u of all) assert.equal(u.email, users.find((x) => x.id === u.id).email);
    // One page when it fits.
    assert.equal((await walk(server, viewer.token, tag, 7)).length, 7);
    const first = await get(server, `/api/v1/directory?q=${tag}&limit=7`, viewer.token);
    assert.equal(first.json.nextCursor, null);
  });

  test('search ignores case and Unicode form, on names and emails', async () => {
    const tag = newTag();
    const ella = await registerUser(server, { name: `Ëlla ${tag}` });
    const strauss = await registerUser(server, { name: `Strauß ${tag}` });
    const byMail = await registerUser(server, { name: 'Someone', email: `mail-${tag}@e2e.example.com` });
    const ids = async (q) => (await walk(server, ella.token, q)).map((u) => u.id);
    assert.deepEqual(await ids(`ËLLA ${tag}`), [ella.id]);
    assert.deepEqual(await ids(`e\u0308lla ${tag}`), [ella.id]);  // decomposed
    assert.deepEqual(await ids(`STRAUSS ${tag}`), [strauss.id]);
    assert.deepEqual(await ids(`MAIL-${tag.toUpperCase()}`), [byMail.id]);
    assert.deepEqual(await ids(`  ${tag}  `).then((l) => l.length), 3);  // trimmed, substring
    assert.deepEqual(await ids(`${tag}%`), []);  // % is a character, not a wildcard
  });

  test('limit: default 50, at most 200, positive integers only', async () => {
    const tag = newTag();
    const a = await registerUser(server, { name: `${tag} a` });
    await registerUser(server, { name: `${tag} b` });
    const big = await get(server, `/api/v1/directory?q=${tag}&limit=100000`, a.token);
    assert.equal(big.status, 200, big.text);
    assert.equal(big.json.users.length, 2);
    const some = await get(server, '/api/v1/directory?limit=200', a.token);
    assert.equal(some.status, 200, some.text);
    assert.ok(some.json.users.length <= 200);
    const dflt = await get(server, '/api/v1/directory', a.token);
    assert.equal(dflt.status, 200);
    assert.ok(dflt.json.users.length <= 50);
    if (dflt.json.users.length < 50) assert.equal(dflt.json.nextCursor, null);
    for (const bad of ['0', '-1', 'abc', '1.5', '', '1e3', '99999999999999999999999']) {
      assertRestError(await get(server, `/api/v1/directory?limit=${encodeURIComponent(bad)}`, a.token), 400,
        'invalid_input', `limit=${bad}`);
    }
  });

  test('400 for a cursor the server did not give, and for a bad q', async () => {
    const a = await registerUser(server);
    const forged = Buffer.from('d1\nnot-a-uuid\nkey').toString('base64url');
    for (const cursor of ['', 'garbage!', 'AAAA', forged, 'x'.repeat(5000)]) {
      assertRestError(await get(server, `/api/v1/directory?cursor=${encodeURIComponent(cursor)}`, a.token), 400,
        'invalid_input', `cursor ${cursor.slice(0, 20)}`);
    }
    assertRestError(await get(server, `/api/v1/directory?q=${'q'.repeat(101)}`, a.token), 400, 'invalid_input', 'long q');
    assertRestError(await get(server, '/api/v1/directory?q=a%0Ab', a.token), 400, 'invalid_input', 'control character');
    assert.equal((await get(server, `/api/v1/directory?q=${'q'.repeat(100)}`, a.token)).status, 200);
  });

  test('401 without a valid token; only under /api/v1', async () => {
    assertRestError(await get(server, '/api/v1/directory'), 401, 'unauthorized');
    assertRestError(await get(server, '/api/v1/directory', 'not-a-token'), 401, 'unauthorized');
    const a = await registerUser(server);
    assert.equal((await get(server, '/api/directory', a.token)).status, 404);
  });

  test('the contract lists stay unpaged arrays of User with every email', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    for (const path of ['/api/users', '/api/v1/users', '/api/users?limit=1']) {
      const res = await get(server, path, a.token);
      assert.equal(res.status, 200, res.text);
      assert.ok(Array.isArray(res.json), `${path} is an array`);
      assert.equal(res.json.find((u) => u.id === b.id)?.email, b.email, path);
    }
    const C = await open.clients.connect(a.token);
    const listed = await C.ask('users:list');
    assert.equal(listed.users.find((u) => u.id === b.id)?.email, b.email);
  });
});

describe('directory_emails = contacts', () => {
  const { server, clients } = contacts;

  test('emails of users without a shared chat are "" everywhere, visible once a chat is shared', async () => {
    const tag = newTag();
    const a = await registerUser(server, { name: `${tag} a` });
    const b = await registerUser(server, { name: `${tag} b` });
    const c = await registerUser(server, { name: `${tag} c` });
    await openChat(server, a, b);
    const A = await clients.connect(a.token);
    const lists = async () => ({
      '/api/users': (await get(server, '/api/users', a.token)).json,
      '/api/v1/users': (await get(server, '/api/v1/users', a.token)).json,
      '/api/v1/directory': await walk(server, a.token, tag, 2),
      'users:list': (await A.ask('users:list')).users,
    });
    for (const [where, users] of Object.entries(await lists())) {
      assert.ok(Array.isArray(users), where);
      const email = (u) => users.find((x) => x.id === u.id)?.email;
      assert.equal(email(a), a.email, `${where}: one's own email`);
      assert.equal(email(b), b.email, `${where}: a contact's email`);
      assert.equal(email(c), '', `${where}: a stranger's email is the empty string`);
      for (const u of users) assertUser(u);
    }
    // Searching a stranger's email finds nothing; a contact's does; names still match.
    assert.deepEqual((await walk(server, a.token, c.email)).map((u) => u.id), []);
    assert.deepEqual((await walk(server, a.token, b.email)).map((u) => u.id), [b.id]);
    assert.deepEqual((await walk(server, a.token, `${tag} c`)).map((u) => u.id), [c.id]);
    // c sees its own email in the auth answers and /me.
    assert.equal((await get(server, '/api/v1/me', c.token)).json.email, c.email);

    await openChat(server, c, a);
    for (const [where, users] of Object.entries(await lists())) {
      assert.equal(users.find((x) => x.id === c.id)?.email, c.email, `${where}: after a chat with c`);
    }
    assert.deepEqual((await walk(server, a.token, c.email)).map((u) => u.id), [c.id]);
  });
});
