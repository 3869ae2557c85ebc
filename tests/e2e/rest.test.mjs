// §1.1 REST: every row of the table, the /api/v1 prefix, logout, /me, the OpenAPI document
// and the event list.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';

import {
  Client, assertChat, assertMessage, assertRestError, assertUser, connectError, fetchAllMessages, get,
  openChat, post, registerUser, request, uniqueEmail, useParley,
} from './helpers.mjs';

const { server } = useParley();

describe('POST /auth/register', () => {
  test('201 {accessToken, user: {id, email, name}}; email trimmed and lower-cased', async () => {
    const local = uniqueEmail('Mixed.Case');
    const res = await post(server, '/auth/register', { email: `  ${local.toUpperCase()}\t`, name: 'Alice', password: 'password-1' });
    assert.equal(res.status, 201, res.text);
    assert.equal(typeof res.json.accessToken, 'string');
    assert.match(res.json.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'accessToken is a JWT');
    assertUser(res.json.user);
    assert.equal(res.json.user.email, local.toLowerCase());
    assert.equal(res.json.user.name, 'Alice');
    assert.ok(!res.text.includes('password-1'));
    // The token works.
    const me = await get(server, '/api/v1/me', res.json.accessToken);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.id, res.json.user.id);
    assert.equal(me.json.email, local.toLowerCase());
  });

  test('boundaries that are valid: name of 64 characters, passwords of 8 and 256 characters', async () => {
    for (const [name, password] of [['n'.repeat(64), 'p'.repeat(8)], ['Bob', 'p'.repeat(256)]]) {
      const res = await post(server, '/auth/register', { email: uniqueEmail(), name, password });
      assert.equal(res.status, 201, `name ${name.length}, password ${password.length}: ${res.text}`);
    }
  });

  test('400 invalid input', async () => {
    const ok = () => ({ email: uniqueEmail(), name: 'Valid Name', password: 'long enough' });
    const cases = [
      ['missing email', (b) => delete b.email],
      ['missing name', (b) => delete b.name],
      ['missing password', (b) => delete b.password],
      ['email not a string', (b) => { b.email = 42; }],
      ['email without @', (b) => { b.email = 'not-an-email'; }],
      ['email without a domain dot', (b) => { b.email = 'someone@localhost'; }],
      ['email with nothing before @', (b) => { b.email = '@example.com'; }],
      ['email with two @', (b) => { b.email = 'a@b@example.com'; }],
      ['empty name', (b) => { b.name = ''; }],
      ['blank name', (b) => { b.name = '   '; }],
      ['name of 65 characters', (b) => { b.name = 'n'.repeat(65); }],
      ['password of 7 characters', (b) => { b.password = 'p'.repeat(7); }],
      ['password of 257 characters', (b) => { b.password = 'p'.repeat(257); }],
    ];
    for (const [what, mutate] of cases) {
      const body = ok();
      mutate(body);
      const res = await post(server, '/auth/register', body);
      assertRestError(res, 400, 'invalid_input', what);
    }
    assertRestError(await request(server, 'POST', '/auth/register', { raw: '{"email": "x@y.com", ' }), 400,
      'invalid_input', 'non-JSON body');
    assertRestError(await request(server, 'POST', '/auth/register', { raw: 'hello' }), 400, 'invalid_input',
      'plain text body');
    assertRestError(await request(server, 'POST', '/auth/register', { raw: '' }), 400, 'invalid_input', 'empty body');
    assertRestError(await post(server, '/auth/register', [ok()]), 400, 'invalid_input', 'JSON array body');
    assertRestError(await post(server, '/auth/register', 'a string'), 400, 'invalid_input', 'JSON string body');
  });

  test('409 when the email is taken, case-insensitively', async () => {
    const email = uniqueEmail('dup');
    await registerUser(server, { email });
    for (const variant of [email, email.toUpperCase(), `  ${email} `]) {
      const res = await post(server, '/auth/register', { email: variant, name: 'Other', password: 'another password' });
      assertRestError(res, 409, 'conflict', variant);
    }
  });
});

describe('POST /auth/login', () => {
  test('200 or 201 {accessToken, user}; the email is matched case-insensitively', async () => {
    const u = await registerUser(server);
    for (const email of [u.email, ` ${u.email.toUpperCase()} `]) {
      const res = await post(server, '/auth/login', { email, password: u.password });
      assert.ok(res.status === 200 || res.status === 201, `${res.status} ${res.text}`);
      assert.equal(typeof res.json.accessToken, 'string');
      assertUser(res.json.user);
      assert.equal(res.json.user.id, u.id);
      assert.equal(res.json.user.email, u.email);
      const me = await get(server, '/api/v1/me', res.json.accessToken);
      assert.equal(me.status, 200);
      assert.equal(me.json.id, u.id);
    }
  });

  test('401 with one message for an unknown email and a wrong password', async () => {
    const u = await registerUser(server);
    const wrong = await post(server, '/auth/login', { email: u.email, password: 'not the password' });
    const unknown = await post(server, '/auth/login', { email: uniqueEmail('nobody'), password: u.password });
    assertRestError(wrong, 401, 'unauthorized', 'wrong password');
    assertRestError(unknown, 401, 'unauthorized', 'unknown email');
    assert.equal(wrong.json.message, unknown.json.message, 'one message for both');
  });

  test('400 for a body without email or password', async () => {
    assertRestError(await post(server, '/auth/login', { email: uniqueEmail() }), 400, 'invalid_input', 'no password');
    assertRestError(await post(server, '/auth/login', { password: 'abcdefgh' }), 400, 'invalid_input', 'no email');
    assertRestError(await request(server, 'POST', '/auth/login', { raw: 'nope' }), 400, 'invalid_input', 'non-JSON');
  });
});

describe('GET /api/users', () => {
  test('401 without a token, with a garbage token, with a token of a bad signature', async () => {
    assertRestError(await get(server, '/api/users'), 401, 'unauthorized', 'no token');
    assertRestError(await get(server, '/api/users', 'garbage'), 401, 'unauthorized', 'garbage');
    const u = await registerUser(server);
    const [h, p, s] = u.token.split('.');
    const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    assertRestError(await get(server, '/api/users', forged), 401, 'unauthorized', 'bad signature');
    assertRestError(await request(server, 'GET', '/api/users', { headers: { authorization: 'Basic abc' } }), 401,
      'unauthorized', 'Basic auth');
  });

  test('200 [User] with isOnline, never password hashes', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const online = await Client.connect(server, b.token);
    try {
      const res = await get(server, '/api/users', a.token);
      assert.equal(res.status, 200, res.text);
      assert.ok(Array.isArray(res.json));
      for (const u of res.json) assertUser(u, { withOnline: true });
      const byId = new Map(res.json.map((u) => [u.id, u]));
      assert.ok(byId.has(a.id) && byId.has(b.id), 'both users are listed');
      assert.equal(byId.get(a.id).email, a.email);
      assert.equal(byId.get(a.id).isOnline, false, 'a has no socket');
      assert.equal(byId.get(b.id).isOnline, true, 'b has a socket');
      assert.doesNotMatch(res.text, /password/i);
    } finally {
      online.close();
    }
  });
});

describe('chats', () => {
  let a;
  let b;
  let c;
  before(async () => {
    [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
  });

  test('POST /chats: 201 Chat, the same chat again for the same pair in either order', async () => {
    const first = await post(server, '/chats', { userId: b.id }, a.token);
    assert.equal(first.status, 201, first.text);
    assertChat(first.json, [a.id, b.id]);
    const again = await post(server, '/chats', { userId: b.id }, a.token);
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json.id, first.json.id);
    const reverse = await post(server, '/chats', { userId: a.id }, b.token);
    assert.equal(reverse.status, 201, reverse.text);
    assert.equal(reverse.json.id, first.json.id);
    assertChat(reverse.json, [a.id, b.id]);
  });

  test('POST /chats: 400 missing or malformed userId, 404 unknown user, 401 without a token', async () => {
    assertRestError(await post(server, '/chats', {}, a.token), 400, 'invalid_input', 'missing userId');
    assertRestError(await post(server, '/chats', { userId: 12 }, a.token), 400, 'invalid_input', 'numeric userId');
    assertRestError(await post(server, '/chats', { userId: 'not-a-uuid' }, a.token), 400, 'invalid_input', 'bad uuid');
    assertRestError(await post(server, '/chats', { userId: a.id }, a.token), 400, 'invalid_input', 'chat with oneself');
    assertRestError(await request(server, 'POST', '/chats', { raw: '[1]', token: a.token }), 400, 'invalid_input',
      'array body');
    assertRestError(await post(server, '/chats', { userId: randomUUID() }, a.token), 404, 'not_found', 'unknown user');
    assertRestError(await post(server, '/chats', { userId: b.id }), 401, 'unauthorized', 'no token');
  });

  test('POST /chats from both sides at once: one chat', async () => {
    for (let round = 0; round < 5; round++) {
      const [d, e] = await Promise.all([registerUser(server), registerUser(server)]);
      const all = await Promise.all([
        post(server, '/chats', { userId: e.id }, d.token), post(server, '/chats', { userId: d.id }, e.token),
        post(server, '/api/v1/chats', { userId: e.id }, d.token), post(server, '/api/v1/chats', { userId: d.id }, e.token),
      ]);
      for (const r of all) assert.equal(r.status, 201, r.text);
      assert.equal(new Set(all.map((r) => r.json.id)).size, 1, 'concurrent creation made two chats');
      const list = await get(server, '/chats', d.token);
      assert.equal(list.json.length, 1);
    }
  });

  test("GET /chats: the caller's chats only", async () => {
    const [d, e, f] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const de = await openChat(server, d, e);
    const df = await openChat(server, d, f);
    const dList = await get(server, '/chats', d.token);
    assert.equal(dList.status, 200, dList.text);
    assert.deepEqual(dList.json.map((x) => x.id).sort(), [de.id, df.id].sort());
    for (const chat of dList.json) assertChat(chat);
    const eList = await get(server, '/chats', e.token);
    assert.deepEqual(eList.json.map((x) => x.id), [de.id]);
    const fList = await get(server, '/chats', f.token);
    assert.deepEqual(fList.json.map((x) => x.id), [df.id]);
    assertRestError(await get(server, '/chats'), 401, 'unauthorized', 'no token');
    const nobody = await registerUser(server);
    const empty = await get(server, '/chats', nobody.token);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.json, []);
  });

  test('GET /chats/:id: 200, 403 for a non-participant, 404 unknown, 400 malformed', async () => {
    const chat = await openChat(server, a, b);
    for (const who of [a, b]) {
      const res = await get(server, `/chats/${chat.id}`, who.token);
      assert.equal(res.status, 200, res.text);
      assertChat(res.json, [a.id, b.id]);
      assert.equal(res.json.id, chat.id);
    }
    assertRestError(await get(server, `/chats/${chat.id}`, c.token), 403, 'forbidden', 'non-participant');
    assertRestError(await get(server, `/chats/${randomUUID()}`, a.token), 404, 'not_found', 'unknown chat');
    assertRestError(await get(server, '/chats/not-a-uuid', a.token), 400, 'invalid_input', 'malformed id');
    assertRestError(await get(server, `/chats/${chat.id}`), 401, 'unauthorized', 'no token');
  });

  test('GET /chats/:id/messages: oldest first, limit, before, after_seq, 403, 404', async () => {
    const [d, e] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, d, e);
    const empty = await get(server, `/chats/${chat.id}/messages`, d.token);
    assert.equal(empty.status, 200, empty.text);
    assert.deepEqual(empty.json, []);

    const sender = await Client.connect(server, d.token);
    const sent = [];
    try {
      for (let i = 1; i <= 8; i++) {
        const ack = await sender.ask('message', { chatId: chat.id, content: `history ${i}` });
        assertMessage(ack);
        sent.push(ack);
      }
    } finally {
      sender.close();
    }
    const ids = sent.map((m) => m.id);

    const all = await get(server, `/chats/${chat.id}/messages`, e.token);
    assert.equal(all.status, 200, all.text);
    for (const m of all.json) assertMessage(m, { chatId: chat.id, senderId: d.id });
    assert.deepEqual(all.json.map((m) => m.id), ids, 'oldest first');
    assert.deepEqual(all.json.map((m) => m.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(all.json.map((m) => m.content), sent.map((m) => m.content));

    const newest3 = await get(server, `/chats/${chat.id}/messages?limit=3`, e.token);
    assert.deepEqual(newest3.json.map((m) => m.id), ids.slice(5), 'limit=3: the newest three, oldest first');

    const before6 = await get(server, `/chats/${chat.id}/messages?before=${ids[5]}&limit=2`, e.token);
    assert.equal(before6.status, 200, before6.text);
    assert.deepEqual(before6.json.map((m) => m.id), ids.slice(3, 5), 'before=<6th>&limit=2: 4th and 5th');
    const before2 = await get(server, `/chats/${chat.id}/messages?before=${ids[1]}`, e.token);
    assert.deepEqual(before2.json.map((m) => m.id), ids.slice(0, 1));
    const beforeFirst = await get(server, `/chats/${chat.id}/messages?before=${ids[0]}`, e.token);
    assert.deepEqual(beforeFirst.json, []);

    const after5 = await get(server, `/chats/${chat.id}/messages?after_seq=5`, e.token);
    assert.deepEqual(after5.json.map((m) => m.seq), [6, 7, 8]);
    const after2limit2 = await get(server, `/chats/${chat.id}/messages?after_seq=2&limit=2`, e.token);
    assert.deepEqual(after2limit2.json.map((m) => m.seq), [3, 4]);
    const after0 = await get(server, `/chats/${chat.id}/messages?after_seq=0`, e.token);
    assert.deepEqual(after0.json.map((m) => m.id), ids);
    const afterAll = await get(server, `/chats/${chat.id}/messages?after_seq=8`, e.token);
    assert.deepEqual(afterAll.json, []);
    assert.deepEqual((await fetchAllMessages(server, chat.id, d.token, 3)).map((m) => m.id), ids);

    assertRestError(await get(server, `/chats/${chat.id}/messages`, c.token), 403, 'forbidden', 'non-participant');
    assertRestError(await get(server, `/chats/${randomUUID()}/messages`, d.token), 404, 'not_found', 'unknown chat');
    assertRestError(await get(server, '/chats/xyz/messages', d.token), 400, 'invalid_input', 'malformed chat id');
    assertRestError(await get(server, `/chats/${chat.id}/messages?limit=0`, d.token), 400, 'invalid_input', 'limit=0');
    assertRestError(await get(server, `/chats/${chat.id}/messages?limit=abc`, d.token), 400, 'invalid_input', 'limit=abc');
    assertRestError(await get(server, `/chats/${chat.id}/messages?after_seq=-1`, d.token), 400, 'invalid_input',
      'after_seq=-1');
    assertRestError(await get(server, `/chats/${chat.id}/messages?before=zzz`, d.token), 400, 'invalid_input',
      'before=zzz');
    assertRestError(await get(server, `/chats/${chat.id}/messages`), 401, 'unauthorized', 'no token');
  });
});

describe('health, /api/v1, logout, me, documents', () => {
  test('GET /health {status: "ok"}', async () => {
    for (const p of ['/health', '/api/v1/health']) {
      const res = await get(server, p);
      assert.equal(res.status, 200, `${p}: ${res.text}`);
      assert.equal(res.json.status, 'ok');
    }
  });

  test('the /api/v1/ prefix serves the same routes', async () => {
    const email = uniqueEmail('v1');
    const reg = await post(server, '/api/v1/auth/register', { email, name: 'Versioned', password: 'password-v1' });
    assert.equal(reg.status, 201, reg.text);
    assertUser(reg.json.user);
    const v = { id: reg.json.user.id, token: reg.json.accessToken };
    assertRestError(await post(server, '/api/v1/auth/register', { email, name: 'x', password: 'password-v1' }), 409,
      'conflict', 'v1 duplicate');
    assertRestError(await post(server, '/api/v1/auth/register', { email: 'bad' }), 400, 'invalid_input', 'v1 bad');
    const login = await post(server, '/api/v1/auth/login', { email, password: 'password-v1' });
    assert.ok(login.status === 200 || login.status === 201, login.text);
    assert.equal(login.json.user.id, v.id);
    assertRestError(await post(server, '/api/v1/auth/login', { email, password: 'wrong-pass' }), 401, 'unauthorized',
      'v1 wrong password');

    const users = await get(server, '/api/v1/users', v.token);
    assert.equal(users.status, 200, users.text);
    assert.ok(users.json.some((u) => u.id === v.id));
    assertRestError(await get(server, '/api/v1/users'), 401, 'unauthorized', 'v1 users without token');

    const other = await registerUser(server);
    const chat = await post(server, '/api/v1/chats', { userId: other.id }, v.token);
    assert.equal(chat.status, 201, chat.text);
    assertChat(chat.json, [v.id, other.id]);
    const same = await post(server, '/chats', { userId: v.id }, other.token);
    assert.equal(same.json.id, chat.json.id, 'the prefixed and unprefixed routes see one chat');
    const list = await get(server, '/api/v1/chats', v.token);
    assert.deepEqual(list.json.map((x) => x.id), [chat.json.id]);
    const one = await get(server, `/api/v1/chats/${chat.json.id}`, v.token);
    assert.equal(one.status, 200);
    assert.equal(one.json.id, chat.json.id);
    const outsider = await registerUser(server);
    assertRestError(await get(server, `/api/v1/chats/${chat.json.id}`, outsider.token), 403, 'forbidden', 'v1 403');
    assertRestError(await get(server, `/api/v1/chats/${randomUUID()}`, v.token), 404, 'not_found', 'v1 404');
    const sender = await Client.connect(server, v.token);
    const m = await sender.ask('message', { chatId: chat.json.id, content: 'over v1' });
    sender.close();
    const msgs = await get(server, `/api/v1/chats/${chat.json.id}/messages?after_seq=0&limit=10`, other.token);
    assert.equal(msgs.status, 200, msgs.text);
    assert.deepEqual(msgs.json.map((x) => x.id), [m.id]);
    assertRestError(await get(server, `/api/v1/chats/${chat.json.id}/messages`, outsider.token), 403, 'forbidden',
      'v1 messages 403');
  });

  test('errors of unknown API routes and methods are JSON {statusCode, error, message} too', async () => {
    assertRestError(await get(server, '/api/v1/no-such-thing'), 404, 'not_found', 'unknown /api/v1 route');
    assertRestError(await request(server, 'PUT', '/auth/login', { body: {} }), 405, undefined, 'PUT /auth/login');
    assertRestError(await request(server, 'DELETE', '/api/v1/chats'), 405, undefined, 'DELETE /api/v1/chats');
  });

  test('GET /api/v1/me', async () => {
    const u = await registerUser(server);
    const me = await get(server, '/api/v1/me', u.token);
    assert.equal(me.status, 200, me.text);
    assertUser(me.json);
    assert.equal(me.json.id, u.id);
    assert.equal(me.json.email, u.email);
    assert.equal(me.json.name, u.name);
    assertRestError(await get(server, '/api/v1/me'), 401, 'unauthorized', 'no token');
  });

  test('POST /api/v1/auth/logout revokes the token for REST and the socket handshake', async () => {
    const u = await registerUser(server);
    const second = await post(server, '/auth/login', { email: u.email, password: u.password });
    const other = second.json.accessToken;
    // The token works on both before the logout.
    assert.equal((await get(server, '/api/v1/me', u.token)).status, 200);
    const before = await Client.connect(server, u.token);
    before.close();

    const out = await post(server, '/api/v1/auth/logout', undefined, u.token);
    assert.ok(out.status >= 200 && out.status < 300, `logout: ${out.status} ${out.text}`);

    assertRestError(await get(server, '/api/v1/me', u.token), 401, 'unauthorized', 'me after logout');
    assertRestError(await get(server, '/api/users', u.token), 401, 'unauthorized', 'users after logout');
    assertRestError(await get(server, '/chats', u.token), 401, 'unauthorized', 'chats after logout');
    assert.equal(await connectError(server, { token: u.token }), 'Invalid token');
    assert.equal(await connectError(server, { token: `Bearer ${u.token}` }), 'Invalid token');
    // Only that session ends: the user's other token still works.
    assert.equal((await get(server, '/api/v1/me', other)).status, 200);
    const still = await Client.connect(server, other);
    assert.equal(still.id, u.id);
    still.close();
    assertRestError(await post(server, '/api/v1/auth/logout'), 401, 'unauthorized', 'logout without a token');
  });

  test('GET /api/openapi.json is an OpenAPI 3.x document with the contract paths', async () => {
    const res = await get(server, '/api/openapi.json');
    assert.equal(res.status, 200);
    assert.ok(res.json, 'valid JSON');
    assert.match(String(res.json.openapi), /^3\.\d+(\.\d+)?$/);
    assert.equal(typeof res.json.info, 'object');
    assert.equal(typeof res.json.paths, 'object');
    const paths = Object.keys(res.json.paths);
    const has = (p) => paths.includes(p) || paths.includes(`/api/v1${p}`);
    for (const p of ['/auth/register', '/auth/login', '/api/users', '/chats', '/chats/{chatId}',
      '/chats/{chatId}/messages', '/health']) {
      assert.ok(has(p) || (p === '/api/users' && has('/users')), `openapi.json lacks ${p}: ${paths}`);
    }
  });

  test('each route\'s documented body and query schemas are the ones the server checks', async () => {
    const doc = (await get(server, '/api/openapi.json')).json;
    const u = await registerUser(server);
    const chat = await openChat(server, u, await registerUser(server));
    const wrong = { string: 42, integer: 'x', boolean: 'x', array: 'x' };
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const url = path.replace('{chatId}', chat.id);
      for (const [method, op] of Object.entries(item)) {
        const token = op.security ? u.token : undefined;
        const body = op.requestBody?.content['application/json'].schema;
        if (body) {
          const valid = {};
          for (const f of body.required ?? []) valid[f] = body.properties[f].type === 'string' ? 'x' : 1;
          for (const f of body.required ?? []) {
            const { [f]: _, ...without } = valid;
            const res = await request(server, method.toUpperCase(), url, { token, body: without });
            assertRestError(res, 400, 'invalid_input', `${method} ${path} without ${f}`);
            assert.match(res.json.message, new RegExp(`^${f} must be`), `${method} ${path} without ${f}`);
            const typed = await request(server, method.toUpperCase(), url, { token, body: { ...valid, [f]: wrong[body.properties[f].type] } });
            assertRestError(typed, 400, 'invalid_input', `${method} ${path} with ${f} of another type`);
            checked += 2;
          }
          const notObject = await request(server, method.toUpperCase(), url, { token, body: ['x'] });
          assertRestError(notObject, 400, 'invalid_input', `${method} ${path} with an array body`);
        }
        const query = (op.parameters ?? []).filter((x) => x.in === 'query');
        for (const p of query) {
          // The other required parameters valid, so that the error is this one's.
          const others = query.filter((x) => x.required && x.name !== p.name)
            .map((x) => `${x.name}=${x.schema.type === 'integer' ? 1 : 'x'}&`).join('');
          const bad = p.schema.type === 'integer' ? ['x', '1.5', String((p.schema.minimum ?? 0) - 1)] : [];
          for (const v of bad) {
            const res = await request(server, method.toUpperCase(), `${url}?${others}${p.name}=${encodeURIComponent(v)}`, { token });
            assertRestError(res, 400, 'invalid_input', `${method} ${path}?${p.name}=${v}`);
            assert.match(res.json.message, new RegExp(`^${p.name} must be`));
            checked++;
          }
        }
      }
    }
    assert.ok(checked >= 15, `only ${checked} checks`);
  });

  test('GET /api/events.json lists the events of §1.2 and §1.3', async () => {
    const res = await get(server, '/api/events.json');
    assert.equal(res.status, 200);
    assert.ok(res.json && typeof res.json === 'object');
    const text = JSON.stringify(res.json);
    const names = new Set();
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if ((k === 'event' || k === 'name') && typeof x === 'string') names.add(x);
          walk(x);
        }
      }
    };
    walk(res.json);
    for (const e of ['message', 'message:read', 'chat:get', 'chat:join', 'chat:leave', 'users:list', 'message:pin',
      'message:unpin', 'chat:get-pinned', 'message:forward', 'message:forward-multiple', 'user:get-online',
      'user:get-presence', 'connection:established', 'users:update', 'message:ack', 'message:status',
      'message:pinned', 'message:unpinned']) {
      assert.ok(names.has(e), `events.json lacks ${e}: ${text.slice(0, 300)}`);
    }
    assert.deepEqual(res.json.features.map((f) => f.name), ['inbox', 'scoped-presence']);
  });

  test('each event\'s documented payload schema is the one the server checks', async () => {
    const doc = (await get(server, '/api/events.json')).json;
    const u = await registerUser(server);
    const c = await Client.connect(server, u.token);
    try {
      const wrong = { string: 42, integer: 'x', boolean: 'x', array: 'x' };
      let checked = 0;
      for (const e of doc.clientToServer) {
        assert.equal(e.schema?.type, 'object', `${e.event} has no payload schema`);
        const required = e.schema.required ?? [];
        // A valid-looking payload: every required field of its documented type.
        const valid = {};
        for (const f of required) {
          const t = e.schema.properties[f].type;
          valid[f] = t === 'string' ? 'x' : t === 'integer' ? 1 : t === 'array' ? [] : true;
        }
        for (const f of required) {
          const { [f]: _, ...without } = valid;
          const ack = await c.ask(e.event, without);
          assert.equal(ack?.code, 'invalid_input', `${e.event} without ${f}: ${JSON.stringify(ack)}`);
          assert.match(ack.message, new RegExp(`^${f} must be`), `${e.event} without ${f}`);
          checked++;
        }
        for (const [f, p] of Object.entries(e.schema.properties)) {
          if (p['x-lenient']) continue;
          const ack = await c.ask(e.event, { ...valid, [f]: wrong[p.type] });
          assert.equal(ack?.code, 'invalid_input', `${e.event} with ${f} of another type: ${JSON.stringify(ack)}`);
          assert.match(ack.message, new RegExp(`^${f} must be`));
          checked++;
        }
        const maxItems = Object.entries(e.schema.properties).find(([, p]) => p.maxItems);
        if (maxItems) {
          const [f, p] = maxItems;
          const ack = await c.ask(e.event, { ...valid, [f]: Array.from({ length: p.maxItems + 1 }, (_, i) => `id${i}`) });
          assert.equal(ack?.code, 'invalid_input', `${e.event} with ${p.maxItems + 1} ${f}`);
          checked++;
        }
      }
      assert.ok(checked > 20, `only ${checked} checks`);
      assert.ok(c.connectedNow, 'the socket stayed connected');
    } finally {
      c.close();
    }
  });
});
