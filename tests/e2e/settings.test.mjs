// Settings that follow the person, end to end: GET/PATCH /api/v1/me/settings and a chat's
// (/api/v1/me/settings/chats/:chatId), versions, merge patches, settings:updated to every device
// of the person (on every instance in a cluster) and to nobody else, the rules refused with
// their path (unreadable colours among them), chats of others, a background picture only of
// the person's own, and the documents kept across a restart.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, test } from 'node:test';

import { png } from '../support/png.mjs';
import {
  assertRestError, get, makeDataDir, openChat, registerUser, request, startParley, uploadFile, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const patch = (user, body, path = '/api/v1/me/settings') => request(server, 'PATCH', path, { token: user.token, body });
async function change(user, body, path) {
  const res = await patch(user, body, path);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
}

const upload = (user, bytes, name, type) => uploadFile(server, user, bytes, name, type);

describe('settings', () => {
  test('a change is merged, versioned, and heard by every device of the person and nobody else', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const fresh = await get(server, '/api/v1/me/settings', a.token);
    assert.equal(fresh.status, 200);
    assert.deepEqual(fresh.json, { global: { chatId: null, version: 0, settings: {}, updatedAt: null }, chats: [] });

    const [laptop, phone, other] = await Promise.all([
      clients.connect(a.token), clients.connect(a.token), clients.connect(b.token),
    ]);
    const heard = Promise.all([laptop, phone].map((c) => c.next('settings:updated', (d) => d.version === 1)));
    const first = await change(a, { settings: { appearance: { theme: 'dark', fontSize: 'l' }, sounds: { volume: 30 } } });
    assert.equal(first.version, 1);
    assert.equal(first.chatId, null);
    assert.equal(typeof first.updatedAt, 'number');
    for (const d of await heard) assert.deepEqual(d, first);

    const second = await change(a, { settings: { appearance: { fontSize: null, theme: 'high-contrast' } }, version: 1 });
    assert.deepEqual(second.settings, { appearance: { theme: 'high-contrast' }, sounds: { volume: 30 } });
    assert.equal(second.version, 2);
    await phone.next('settings:updated', (d) => d.version === 2);
    // Made on version 1, which is no longer the stored one: refused, nothing changes.
    assertRestError(await patch(a, { settings: { appearance: { theme: 'light' } }, version: 1 }), 409, 'conflict');
    assert.equal((await get(server, '/api/v1/me/settings', a.token)).json.global.version, 2);
    // The other person heard none of it, and has their own.
    assert.equal(other.received('settings:updated').length, 0);
    assert.equal((await get(server, '/api/v1/me/settings', b.token)).json.global.version, 0);

    const reset = await change(a, { settings: null });
    assert.deepEqual(reset.settings, {});
    assert.equal(reset.version, 3);
  });

  test('settings that break a rule are refused by their path, unreadable colours among them', async () => {
    const a = await registerUser(server);
    const refused = async (settings, pattern) => {
      const res = await patch(a, { settings });
      assertRestError(res, 400, 'invalid_input', JSON.stringify(settings));
      assert.match(res.json.message, pattern);
    };
    await refused({ appearance: { theme: 'sepia' } }, /^appearance\.theme: must be one of system, light, dark/);
    await refused({ wallpaper: 'x' }, /^wallpaper: is not a setting/);
    await refused({ sounds: { volume: 250 } }, /^sounds\.volume: must be from 0 to 100/);
    await refused({ sounds: { volume: '50' } }, /^sounds\.volume: must be a whole number/);
    await refused({ appearance: { accent: 'javascript:alert(1)' } }, /^appearance\.accent: must be a colour/);
    await refused({ language: { locale: '<script>' } }, /^language\.locale/);
    await refused(
      { appearance: { bubbles: { own: '#3f5bd9', ownText: '#5a5a5a', other: '#ffffff', otherText: '#111111' } } },
      /^appearance\.bubbles: the text on your bubbles has a contrast of 1\.\d:1 with them; at least 4\.5:1/,
    );
    await refused({ appearance: { background: { kind: 'image' } } }, /^appearance\.background\.fileId: is needed/);
    assertRestError(await patch(a, { settings: [1] }), 400, 'invalid_input');
    assertRestError(await patch(a, { settings: 'dark' }), 400, 'invalid_input');
    assertRestError(await patch(a, {}), 400, 'invalid_input');
    assertRestError(await patch(a, { settings: {}, version: 'one' }), 400, 'invalid_input');
    assertRestError(await request(server, 'PATCH', '/api/v1/me/settings', { body: { settings: {} } }), 401, 'unauthorized');
    // Deeply nested or huge: refused, the server keeps serving.
    let deep = {};
    for (let i = 0; i < 200; i += 1) deep = { appearance: deep };
    assert.ok([400, 413].includes((await patch(a, { settings: deep })).status));
    assert.ok([400, 413].includes((await patch(a, { settings: { chats: { x: 'y'.repeat(2_000_000) } } })).status));
    const readable = { own: '#1d4ed8', ownText: '#ffffff', other: '#f1f5f9', otherText: '#0f172a' };
    const ok = await change(a, { settings: { appearance: { scheme: 'custom', bubbles: readable } } });
    assert.deepEqual(ok.settings.appearance.bubbles, readable);
    assert.equal((await get(server, '/api/v1/me/settings', a.token)).json.global.version, 1);
  });

  test("a chat's settings are its members', beside the global ones", async () => {
    const [a, b, c] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const chat = await openChat(server, a, b);
    const path = `/api/v1/me/settings/chats/${chat.id}`;
    const A = await clients.connect(a.token);
    const heard = A.next('settings:updated', (d) => d.chatId === chat.id);
    const set = await change(a, { settings: { background: { kind: 'preset', preset: 'dunes' }, sounds: { message: 'pop' } } }, path);
    assert.equal(set.chatId, chat.id);
    assert.equal(set.version, 1);
    assert.deepEqual(await heard, set);
    assert.deepEqual((await get(server, path, a.token)).json, set);
    assert.deepEqual((await get(server, '/api/v1/me/settings', a.token)).json.chats, [set]);
    // Bob's view of the chat is his own; Cleo is not in it.
    assert.equal((await get(server, path, b.token)).json.version, 0);
    assertRestError(await get(server, path, c.token), 403, 'forbidden');
    assertRestError(await patch(c, { settings: { sounds: { muted: true } } }, path), 403, 'forbidden');
    assertRestError(await patch(a, { settings: { sounds: { muted: true } } }, '/api/v1/me/settings/chats/0190c0de-aaaa-7bbb-8ccc-123456789abc'), 404, 'not_found');
    assertRestError(await patch(a, { settings: { appearance: { theme: 'dark' } } }, path), 400, 'invalid_input');
  });

  test('a background picture must be one of the person\'s own pictures, and is kept', async () => {
    const [a, b] = await Promise.all([registerUser(server), registerUser(server)]);
    const mine = await upload(a, png(400, 300), 'beach.png', 'image/png');
    const text = await upload(a, Buffer.from('plain words'), 'notes.txt', 'text/plain');
    const bobs = await upload(b, png(64, 64, 7), 'bob.png', 'image/png');
    const bg = (fileId) => ({ settings: { appearance: { background: { kind: 'image', fileId, blur: 6, dim: 20 } } } });
    assertRestError(await patch(a, bg(bobs)), 404, 'not_found');
    assertRestError(await patch(a, bg(text)), 400, 'invalid_input');
    const set = await change(a, bg(mine));
    assert.equal(set.settings.appearance.background.fileId, mine);
    // Its links are the owner's to ask for.
    const links = await request(server, 'POST', '/api/v1/files/links', { token: a.token, body: { ids: [mine] } });
    assert.equal(links.status, 200, links.text);
    assert.equal(links.json.links[0].id, mine);
  });
});

describe('settings across a restart', () => {
  test('the documents are kept', async () => {
    const dataDir = makeDataDir();
    let own = await startParley({ dataDir });
    try {
      const a = await registerUser(own);
      const chat = await openChat(own, a, await registerUser(own));
      const put = async (body, path) => {
        const res = await request(own, 'PATCH', path, { token: a.token, body });
        assert.equal(res.status, 200, res.text);
        return res.json;
      };
      const global = await put({ settings: { language: { locale: 'es' }, chats: { enterToSend: false } } }, '/api/v1/me/settings');
      const chatDoc = await put({ settings: { sounds: { muted: true } } }, `/api/v1/me/settings/chats/${chat.id}`);
      await own.stop();
      own = await startParley({ dataDir, port: own.port });
      const after = await get(own, '/api/v1/me/settings', a.token);
      assert.equal(after.status, 200);
      assert.deepEqual(after.json, { global, chats: [chatDoc] });
    } finally {
      await own.stop();
    }
  });
});
