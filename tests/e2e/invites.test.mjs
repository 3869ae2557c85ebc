// Invite links end to end, over REST and Socket.IO: only admins make, list and revoke them;
// whoever holds one sees the group before joining and joins it (a "joined" line, chat:added to
// their devices, the members told); a link stops at its maximum uses, at its expiry and when
// revoked; concurrent joins never pass the maximum.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  assertErrorAck, assertOkAck, assertRestError, registerUser, request, useParley,
} from './helpers.mjs';

const { server, clients } = useParley();

const rest = (method, path, token, body) => request(server, method, path, { token, body });

async function group(owner, members, title = 'Book club') {
  const res = await rest('POST', '/api/v1/groups', owner.token, { title, memberIds: members.map((m) => m.id) });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

describe('invite links', () => {
  test('admins make, list and revoke links; members and strangers may not', async () => {
    const [owner, member, stranger] = await Promise.all([0, 1, 2].map(() => registerUser(server)));
    const g = await group(owner, [member]);
    const path = `/api/v1/chats/${g.id}/invites`;

    assertRestError(await rest('POST', path, member.token, {}), 403, 'forbidden');
    assertRestError(await rest('POST', path, stranger.token, {}), 403, 'forbidden');
    assertRestError(await rest('GET', path, member.token), 403, 'forbidden');
    assertRestError(await rest('POST', path, owner.token, { maxUses: 0 }), 400, 'invalid_input');
    assertRestError(await rest('POST', path, owner.token, { expiresInSeconds: 'soon' }), 400, 'invalid_input');
    assertRestError(await rest('POST', path, owner.token, { expiresInSeconds: 400 * 86400 }), 400, 'invalid_input');

    const made = await rest('POST', path, owner.token, { expiresInSeconds: 86400, maxUses: 10 });
    assert.equal(made.status, 201, made.text);
    const link = made.json;
    assert.match(link.token, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(link.path, `/join/${link.token}`);
    assert.equal(link.chatId, g.id);
    assert.equal(link.createdBy, owner.id);
    assert.equal(link.maxUses, 10);
    assert.equal(link.uses, 0);
    assert.equal(link.usable, true);
    const lifetime = Date.parse(link.expiresAt) - Date.parse(link.createdAt);
    assert.equal(lifetime, 86400 * 1000);

    // Over Socket.IO as well, for an admin.
    const O = await clients.connect(owner.token);
    const M = await clients.connect(member.token);
    assertOkAck(await O.ask('group:role', { chatId: g.id, userId: member.id, role: 'admin' }), 'promote');
    const viaSocket = await M.ask('group:invite', { chatId: g.id });
    assertOkAck(viaSocket, 'group:invite');
    assert.equal(viaSocket.invite.expiresAt, null);
    assert.equal(viaSocket.invite.maxUses, null);
    const listed = await M.ask('group:invites', { chatId: g.id });
    assertOkAck(listed, 'group:invites');
    assert.deepEqual(listed.invites.map((i) => i.token), [viaSocket.invite.token, link.token]);

    assertErrorAck(await M.ask('group:invite:revoke', { chatId: g.id, token: 'x'.repeat(22) }), 'not_found');
    const revoked = await rest('DELETE', `${path}/${link.token}`, owner.token);
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.json.revoked, true);
    assert.equal(revoked.json.usable, false);
    const after = await rest('GET', path, owner.token);
    assert.deepEqual(after.json.invites.map((i) => i.token), [viaSocket.invite.token]);
    assertRestError(await rest('GET', `/api/v1/invites/${link.token}`, stranger.token), 410, 'invite_invalid');
    assertRestError(await rest('POST', `/api/v1/invites/${link.token}/join`, stranger.token), 410, 'invite_invalid');
  });

  test('a holder sees the group, joins once, and the members hear of it', async () => {
    const [owner, member, joiner] = await Promise.all([0, 1, 2].map(() => registerUser(server)));
    const g = await group(owner, [member], 'Climbing 🧗');
    const link = (await rest('POST', `/api/v1/chats/${g.id}/invites`, owner.token, { maxUses: 5 })).json;
    const M = await clients.connect(member.token, { features: ['inbox'] });
    const J = await clients.connect(joiner.token, { features: ['inbox'] });

    assertRestError(await rest('GET', `/api/v1/invites/${link.token}`), 401, 'unauthorized');
    assertRestError(await rest('GET', '/api/v1/invites/AAAAAAAAAAAAAAAAAAAAAA', joiner.token), 404, 'not_found');
    const seen = await rest('GET', `/api/v1/invites/${link.token}`, joiner.token);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.chat.id, g.id);
    assert.equal(seen.json.chat.title, 'Climbing 🧗');
    assert.equal(seen.json.chat.memberCount, 2);
    assert.equal(seen.json.member, false);
    // Before joining, the group is the joiner's to see only through the link.
    assertRestError(await rest('GET', `/api/v1/chats/${g.id}/messages`, joiner.token), 403, 'forbidden');

    const joined = await J.ask('invite:join', { token: link.token });
    assertOkAck(joined, 'invite:join');
    assert.equal(joined.chat.id, g.id);
    assert.equal(joined.chat.memberCount, 3);
    const added = await J.next('chat:added', (c) => c.id === g.id);
    assert.equal(added.title, 'Climbing 🧗');
    const line = await M.next('message', (m) => m.chatId === g.id && m.kind === 'system');
    assert.equal(line.system.type, 'member_joined');
    assert.deepEqual(line.system.userIds, [joiner.id]);
    assert.match(line.content, /joined the group with an invite link/);
    const updated = await M.next('chat:updated', (c) => c.id === g.id && c.memberCount === 3);
    assert.ok(updated.participants.includes(joiner.id));

    // The new member reads and writes the group.
    const hello = await J.ask('message', { chatId: g.id, content: 'hello all' });
    assert.equal(hello.chatId, g.id);
    await M.next('message', (m) => m.id === hello.id);

    // Joining again is harmless and counts no use; the preview now says "member".
    const again = await rest('POST', `/api/v1/invites/${link.token}/join`, joiner.token);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.memberCount, 3);
    assert.equal((await rest('GET', `/api/v1/invites/${link.token}`, joiner.token)).json.member, true);
    const listed = await rest('GET', `/api/v1/chats/${g.id}/invites`, owner.token);
    assert.equal(listed.json.invites[0].uses, 1);
  });

  test('maximum uses hold under concurrent joins', async () => {
    const owner = await registerUser(server);
    const joiners = await Promise.all([0, 1, 2, 3, 4, 5].map(() => registerUser(server)));
    const g = await group(owner, []);
    const link = (await rest('POST', `/api/v1/chats/${g.id}/invites`, owner.token, { maxUses: 2 })).json;
    const results = await Promise.all(
      joiners.map((j) => rest('POST', `/api/v1/invites/${link.token}/join`, j.token)));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 410, 410, 410, 410], results.map((r) => r.text).join('\n'));
    for (const r of results.filter((x) => x.status === 410)) assertRestError(r, 410, 'invite_invalid');
    const members = await rest('GET', `/api/v1/chats/${g.id}/members`, owner.token);
    assert.equal(members.json.members.length, 3);
    const listed = await rest('GET', `/api/v1/chats/${g.id}/invites`, owner.token);
    assert.equal(listed.json.invites[0].uses, 2);
    assert.equal(listed.json.invites[0].usable, false);
  });

  test('a link stops admitting at its expiry', async () => {
    const [owner, early, late] = await Promise.all([0, 1, 2].map(() => registerUser(server)));
    const g = await group(owner, []);
    const link = (await rest('POST', `/api/v1/chats/${g.id}/invites`, owner.token, { expiresInSeconds: 1 })).json;
    const first = await rest('POST', `/api/v1/invites/${link.token}/join`, early.token);
    assert.equal(first.status, 200, first.text);
    // Wait for the expiry the server announced (never longer than 5 s past it).
    const deadline = Date.parse(link.expiresAt) + 5000;
    let seen;
    while (Date.now() < deadline) {
      seen = await rest('GET', `/api/v1/invites/${link.token}`, late.token);
      if (seen.status !== 200) break;
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, Date.parse(link.expiresAt) - Date.now())));
    }
    assertRestError(seen, 410, 'invite_invalid');
    assert.match(seen.json.message, /expired/);
    const refused = await rest('POST', `/api/v1/invites/${link.token}/join`, late.token);
    assertRestError(refused, 410, 'invite_invalid');
    const members = await rest('GET', `/api/v1/chats/${g.id}/members`, owner.token);
    assert.deepEqual(members.json.members.map((m) => m.id), [owner.id, early.id]);
  });

  test('a full group turns a link holder away; bad tokens are not found', async () => {
    const [owner, a, b] = await Promise.all([0, 1, 2].map(() => registerUser(server)));
    const g = await group(owner, [a]);
    const settings = await rest('PATCH', `/api/v1/chats/${g.id}/settings`, owner.token, { memberLimit: 2 });
    assert.equal(settings.status, 200, settings.text);
    const link = (await rest('POST', `/api/v1/chats/${g.id}/invites`, owner.token, {})).json;
    assertRestError(await rest('POST', `/api/v1/invites/${link.token}/join`, b.token), 409, 'member_limit');
    for (const bad of ['x', '%2e%2e%2fetc', 'é'.repeat(11), 'A'.repeat(200)]) {
      const res = await rest('POST', `/api/v1/invites/${bad}/join`, b.token);
      assertRestError(res, 404, 'not_found', bad);
    }
    const B = await clients.connect(b.token);
    assertErrorAck(await B.ask('invite:join', { token: 42 }), 'invalid_input');
    assertErrorAck(await B.ask('invite:get', { token: 'A'.repeat(22) }), 'not_found');
  });
});
