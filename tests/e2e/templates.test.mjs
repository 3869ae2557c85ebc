// Message templates end to end: a person's own (only theirs, on all their devices), a group's
// canned responses (its admins write, its members read and use them, nobody else sees them),
// what a template must be and the limit per set, and the ranking by use behind the composer's
// picker and the quick replies. In the cluster shape each request may go to either instance.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, test } from 'node:test';

import { assertOkAck, assertRestError, get, openChat, post, registerUser, request, useParley } from './helpers.mjs';

const { server, clients } = useParley({ args: ['--max_templates', '3'] });

const mine = '/api/v1/me/templates';
const ofGroup = (chatId) => `/api/v1/chats/${chatId}/templates`;
const TEMPLATE_KEYS = ['id', 'chatId', 'title', 'category', 'shortcut', 'content', 'createdBy', 'createdAt', 'updatedAt', 'version', 'uses', 'lastUsedAt'];

async function create(user, body, chatId) {
  const res = await post(server, chatId ? ofGroup(chatId) : mine, body, user.token);
  assert.equal(res.status, 201, res.text);
  return res.json.template;
}
const titles = (res) => res.json.templates.map((t) => t.title);
const use = (user, id, chatId) => post(server, `/api/v1/templates/${id}/uses`, { chatId }, user.token);


describe('templates', () => {
  test("a person's templates are theirs alone; their other devices hear of changes", async () => {
    const [ann, bob] = await Promise.all([registerUser(server), registerUser(server)]);
    const chat = await openChat(server, ann, bob);
    const phone = await clients.connect(ann.token);
    const heard = phone.next('templates:updated', (e) => e.chatId === null);
    const t = await create(ann, { title: 'Thanks', shortcut: '/Thanks', category: 'Polite', content: 'Thank you, {first_name}!' });
    assert.deepEqual(Object.keys(t).sort(), [...TEMPLATE_KEYS].sort());
    assert.equal(t.shortcut, 'thanks');
    assert.equal(t.chatId, null);
    assert.equal(t.createdBy, ann.id);
    assert.equal(t.uses, 0);
    assert.equal(t.lastUsedAt, null);
    await heard;
    assert.deepEqual(titles(await get(server, mine, ann.token)), ['Thanks']);
    assert.deepEqual(titles(await get(server, mine, bob.token)), []);

    // Bob can neither change, remove nor use it.
    assertRestError(await request(server, 'PATCH', `${mine}/${t.id}`, { token: bob.token, body: { title: 'Mine' } }), 404, 'not_found');
    assertRestError(await request(server, 'DELETE', `${mine}/${t.id}`, { token: bob.token }), 404, 'not_found');
    assertRestError(await use(bob, t.id, chat.id), 404, 'not_found');

    // Changes over the version read; a stale one is refused.
    const changed = await request(server, 'PATCH', `${mine}/${t.id}`, { token: ann.token, body: { content: 'Many thanks, {name}!', version: 1 } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.template.version, 2);
    assert.equal(changed.json.template.title, 'Thanks');
    assertRestError(await request(server, 'PATCH', `${mine}/${t.id}`, { token: ann.token, body: { title: 'Old', version: 1 } }), 409, 'conflict');
    const removed = phone.next('templates:updated', (e) => e.chatId === null);
    assert.equal((await request(server, 'DELETE', `${mine}/${t.id}`, { token: ann.token })).status, 204);
    await removed;
    assert.deepEqual(titles(await get(server, mine, ann.token)), []);
  });

  test('what a template must be, a shortcut once per set, and the limit per set', async () => {
    const ann = await registerUser(server);
    const bad = async (body, status, code) => assertRestError(await post(server, mine, body, ann.token), status, code, JSON.stringify(body));
    await bad({ content: 'no title' }, 400, 'invalid_input');
    await bad({ title: 'no content' }, 400, 'invalid_input');
    await bad({ title: '', content: 'x' }, 400, 'invalid_input');
    await bad({ title: 'x'.repeat(101), content: 'x' }, 400, 'invalid_input');
    await bad({ title: 'a\nb', content: 'x' }, 400, 'invalid_input');
    await bad({ title: 'x', category: 'c'.repeat(41), content: 'x' }, 400, 'invalid_input');
    await bad({ title: 'x', content: 'x', shortcut: 'two words' }, 400, 'invalid_input');
    await bad({ title: 'x', content: 'x', shortcut: 'k'.repeat(33) }, 400, 'invalid_input');
    await bad({ title: 'x', content: 'x'.repeat(10001) }, 413, 'payload_too_large');
    await bad({ title: 7, content: 'x' }, 400, 'invalid_input');
    await bad({ title: 'x', content: ['x'] }, 400, 'invalid_input');
    const badUtf8 = Buffer.concat([Buffer.from('{"title":"bad '), Buffer.from([0xff]), Buffer.from('","content":"x"}')]);
    assertRestError(await request(server, 'POST', mine, { token: ann.token, raw: badUtf8, headers: { 'content-type': 'application/json' } }), 400, 'invalid_input');

    await create(ann, { title: 'Hi', content: 'Hello!', shortcut: 'hi' });
    assertRestError(await post(server, mine, { title: 'Hi 2', content: 'Hey', shortcut: '/HI' }, ann.token), 409, 'conflict');
    const ru = await create(ann, { title: 'Спасибо', content: 'Спасибо!', shortcut: 'Спасибо' });
    assert.equal(ru.shortcut, 'спасибо');
    await create(ann, { title: 'Plain', content: 'no shortcut', shortcut: null });
    assertRestError(await post(server, mine, { title: 'Four', content: '4' }, ann.token), 409, 'template_limit');
    // The server keeps serving.
    assert.equal((await get(server, mine, ann.token)).json.templates.length, 3);
  });

  test("a group's admins keep canned responses; members read and use them; nobody else sees them", async () => {
    const [owner, member, stranger] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const [O, M] = await Promise.all([owner, member].map((u) => clients.connect(u.token, { features: ['inbox'] })));
    const added = M.next('chat:added', (c) => c.title === 'Support');
    const created = await O.ask('group:create', { title: 'Support', memberIds: [member.id] });
    assertOkAck(created);
    const chatId = created.chat.id;
    await added;

    assertRestError(await post(server, ofGroup(chatId), { title: 'Mine', content: 'x' }, member.token), 403, 'forbidden');
    assertRestError(await get(server, ofGroup(chatId), stranger.token), 403, 'forbidden');
    assertRestError(await post(server, ofGroup(chatId), { title: 'X', content: 'x' }, stranger.token), 403, 'forbidden');
    const heard = M.next('templates:updated', (e) => e.chatId === chatId);
    const hours = await create(owner, { title: 'Opening hours', category: 'FAQ', content: 'We open at 9, {name}.', shortcut: 'hours' }, chatId);
    assert.equal(hours.chatId, chatId);
    await heard;
    await create(owner, { title: 'Address', category: 'FAQ', content: '1 Main St' }, chatId);
    await create(owner, { title: 'Apology', category: 'Care', content: 'Sorry!' }, chatId);
    assertRestError(await post(server, ofGroup(chatId), { title: 'Fourth', content: '4' }, owner.token), 409, 'template_limit');

    const set = await get(server, ofGroup(chatId), member.token);
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.canManage, false);
    assert.deepEqual(titles(set), ['Apology', 'Address', 'Opening hours']);  // by category, then title
    assert.equal((await get(server, ofGroup(chatId), owner.token)).json.canManage, true);

    // The member writes in the group: their own and the group's, their own first while unused.
    await create(member, { title: 'My sign-off', content: 'Best, me' });
    assert.deepEqual(titles(await get(server, `${mine}?chatId=${chatId}`, member.token)), ['My sign-off', 'Address', 'Apology', 'Opening hours']);
    assert.equal((await use(member, hours.id, chatId)).status, 204);
    assert.deepEqual(titles(await get(server, `${mine}?chatId=${chatId}`, member.token))[0], 'Opening hours');
    assertRestError(await get(server, `${mine}?chatId=${chatId}`, stranger.token), 403, 'forbidden');
    // A canned response is used only in its group; members may not change it.
    const elsewhere = await openChat(server, member, stranger);
    assertRestError(await use(member, hours.id, elsewhere.id), 404, 'not_found');
    assertRestError(await request(server, 'PATCH', `${ofGroup(chatId)}/${hours.id}`, { token: member.token, body: { title: 'X' } }), 403, 'forbidden');
    assertRestError(await request(server, 'DELETE', `${ofGroup(chatId)}/${hours.id}`, { token: member.token }), 403, 'forbidden');
    // Not for private chats.
    assertRestError(await get(server, ofGroup(elsewhere.id), member.token), 400, 'invalid_input');

    const changed = M.next('templates:updated', (e) => e.chatId === chatId);
    assert.equal((await request(server, 'DELETE', `${ofGroup(chatId)}/${hours.id}`, { token: owner.token })).status, 204);
    await changed;
    assert.deepEqual(titles(await get(server, ofGroup(chatId), member.token)), ['Apology', 'Address']);
  });

  test('the picker and the quick replies rank by use, in the chat first', async () => {
    const [ann, bob, cal] = await Promise.all([registerUser(server), registerUser(server), registerUser(server)]);
    const withBob = await openChat(server, ann, bob);
    const withCal = await openChat(server, ann, cal);
    const a = await create(ann, { title: 'Alpha', content: 'a' });
    const b = await create(ann, { title: 'Beta', content: 'b' });
    const c = await create(ann, { title: 'Gamma', content: 'c' });
    const quick = (chatId) => get(server, `/api/v1/chats/${chatId}/quick-replies`, ann.token);
    assert.deepEqual(titles(await quick(withBob.id)), []);  // nothing used yet

    for (let i = 0; i < 2; i += 1) assert.equal((await use(ann, b.id, withBob.id)).status, 204);
    for (let i = 0; i < 3; i += 1) assert.equal((await use(ann, c.id, withCal.id)).status, 204);
    // With Bob: Beta, used there, before Gamma, used more but elsewhere; Alpha never used.
    assert.deepEqual(titles(await quick(withBob.id)), ['Beta', 'Gamma']);
    assert.deepEqual(titles(await quick(withCal.id)), ['Gamma', 'Beta']);
    assert.deepEqual(titles(await get(server, `${mine}?chatId=${withBob.id}`, ann.token)), ['Beta', 'Gamma', 'Alpha']);
    assert.deepEqual(titles(await get(server, mine, ann.token)), ['Gamma', 'Beta', 'Alpha']);
    const counted = (await get(server, mine, ann.token)).json.templates.find((t) => t.id === c.id);
    assert.equal(counted.uses, 3);
    assert.ok(Math.abs(counted.lastUsedAt - Date.now()) < 60000);
    // Bad input.
    assertRestError(await use(ann, a.id, '00000000-0000-0000-0000-000000000000'), 404, 'not_found');
    assertRestError(await post(server, `/api/v1/templates/${a.id}/uses`, {}, ann.token), 400, 'invalid_input');
    assertRestError(await use(ann, 'nope', withBob.id), 404, 'not_found');
    assertRestError(await use(bob, a.id, withBob.id), 404, 'not_found');
    assertRestError(await get(server, `/api/v1/chats/${withBob.id}/quick-replies`, cal.token), 403, 'forbidden');
  });
});
