import { afterEach, describe, expect, it } from 'vitest';

import { ApiError, RequestError } from './errors';
import { FakeServer, until } from './fakes';
import {
  INVITE_EXPIRIES,
  INVITE_MAX_USES,
  inviteExpiryText,
  inviteOptions,
  inviteState,
  inviteUrl,
  inviteUsesText,
  joinProblem,
} from './invites';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Invite } from './types';

const NOW = new Date(Date.UTC(2025, 5, 1, 12, 0, 0));
const inFuture = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function invite(extra: Partial<Invite> = {}): Invite {
  return {
    token: 'tok',
    path: '/join/tok',
    chatId: 'g',
    createdBy: 'me',
    createdAt: NOW.toISOString(),
    expiresAt: null,
    maxUses: null,
    uses: 0,
    revoked: false,
    usable: true,
    ...extra,
  };
}

describe('invite link texts', () => {
  it('uses: "3 of 10 uses" with a limit, "3 uses" without, singular where it is one', () => {
    expect(inviteUsesText({ uses: 3, maxUses: 10 })).toBe('3 of 10 uses');
    expect(inviteUsesText({ uses: 0, maxUses: 1 })).toBe('0 of 1 use');
    expect(inviteUsesText({ uses: 1, maxUses: 1 })).toBe('1 of 1 use');
    expect(inviteUsesText({ uses: 3, maxUses: null })).toBe('3 uses');
    expect(inviteUsesText({ uses: 1, maxUses: null })).toBe('1 use');
    expect(inviteUsesText({ uses: 0, maxUses: null })).toBe('0 uses');
  });

  it('expiry: minutes under an hour, hours under a day, then days; expired; never', () => {
    expect(inviteExpiryText(null, NOW)).toBe('never expires');
    expect(inviteExpiryText(inFuture(-1), NOW)).toBe('expired');
    expect(inviteExpiryText(inFuture(0), NOW)).toBe('expired');
    expect(inviteExpiryText(inFuture(20_000), NOW)).toBe('expires in less than a minute');
    expect(inviteExpiryText(inFuture(MIN), NOW)).toBe('expires in 1 minute');
    expect(inviteExpiryText(inFuture(42 * MIN + 10_000), NOW)).toBe('expires in 42 minutes');
    // A one-hour link made a moment ago.
    expect(inviteExpiryText(inFuture(HOUR - 2000), NOW)).toBe('expires in 1 hour');
    expect(inviteExpiryText(inFuture(5 * HOUR + 10 * MIN), NOW)).toBe('expires in 5 hours');
    expect(inviteExpiryText(inFuture(DAY - 2000), NOW)).toBe('expires in 1 day');
    expect(inviteExpiryText(inFuture(7 * DAY - 2000), NOW)).toBe('expires in 7 days');
    expect(inviteExpiryText('not a date', NOW)).toBe('expired');
  });

  it('the link is the page\'s origin and the invite\'s path', () => {
    expect(inviteUrl('https://chat.example.org', invite())).toBe('https://chat.example.org/join/tok');
    expect(inviteUrl('http://127.0.0.1:3000/', invite({ path: '' }))).toBe('http://127.0.0.1:3000/join/tok');
  });

  it('the choices offered, and the request they make', () => {
    expect(INVITE_EXPIRIES.map((e) => e.label)).toEqual(['1 hour', '1 day', '7 days', 'Never']);
    expect(INVITE_MAX_USES.map((e) => e.label)).toEqual(['No limit', '1', '5', '10', '25', '100']);
    expect(inviteOptions(null, null)).toEqual({});
    expect(inviteOptions(3600, 1)).toEqual({ expiresInSeconds: 3600, maxUses: 1 });
    expect(inviteOptions(null, 25)).toEqual({ maxUses: 25 });
  });
});

describe('invite link state', () => {
  it('usable, revoked, expired (also one that expired since it was listed), used up', () => {
    expect(inviteState(invite(), NOW)).toBe('usable');
    expect(inviteState(invite({ expiresAt: inFuture(HOUR), maxUses: 5, uses: 4 }), NOW)).toBe('usable');
    expect(inviteState(invite({ revoked: true, usable: false }), NOW)).toBe('revoked');
    expect(inviteState(invite({ expiresAt: inFuture(-MIN) }), NOW)).toBe('expired');
    expect(inviteState(invite({ maxUses: 1, uses: 1, usable: false }), NOW)).toBe('used up');
    expect(inviteState(invite({ usable: false }), NOW)).toBe('expired');
  });

  it('what the join page says of a failure', () => {
    expect(joinProblem(new ApiError(404, 'not_found', 'Invite link not found'))).toMatchObject({
      kind: 'not_found',
      title: 'This invite link does not exist',
    });
    expect(joinProblem(new ApiError(410, 'invite_invalid', 'This invite link has been used up'))).toMatchObject({
      kind: 'invalid',
      title: 'This invite link has been used up',
    });
    expect(joinProblem(new RequestError('member_limit', 'The group is full'))).toMatchObject({ kind: 'full', title: 'This group is full' });
    expect(joinProblem(new ApiError(0, 'network', 'Cannot reach the server.'))).toMatchObject({
      kind: 'other',
      detail: 'Cannot reach the server.',
    });
  });
});

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

async function world() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, deliveredDelayMs: 0, retryDelayMs: 0 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => server.connected, 'connected');
  return { server, store, me, bob };
}

describe('invite links in the store', () => {
  it('an admin makes, lists and revokes links over the socket', async () => {
    const w = await world();
    const g = w.server.addGroup('Climbing', [w.me.id, w.bob.id], { role: 'owner' });
    const made = await w.store.groups.createInvite(g.id, inviteOptions(3600, 1));
    expect(w.server.requests).toContainEqual(['group:invite', { chatId: g.id, expiresInSeconds: 3600, maxUses: 1 }]);
    expect(made).toMatchObject({ chatId: g.id, maxUses: 1, uses: 0, usable: true });
    expect((await w.store.groups.invites(g.id)).map((i) => i.token)).toEqual([made.token]);
    const revoked = await w.store.groups.revokeInvite(g.id, made.token);
    expect(revoked.revoked).toBe(true);
    expect(await w.store.groups.invites(g.id)).toEqual([]);
  });

  it('whoever holds a link previews the group and joins it: listed, joined, its messages loaded', async () => {
    const w = await world();
    const g = w.server.addGroup('Climbing', [w.bob.id]);
    w.server.store(g.id, w.bob.id, 'hello climbers');
    w.server.inviteList.push({ ...invite({ chatId: g.id, token: 'abc', path: '/join/abc', maxUses: 1 }) });

    const preview = await w.store.groups.invitePreview('abc');
    expect(preview).toMatchObject({ member: false, chat: { id: g.id, title: 'Climbing', memberCount: 1 } });
    expect(w.store.getState().chats[g.id]).toBeUndefined();

    w.server.requests.length = 0;
    const chat = await w.store.groups.joinByInvite('abc');
    expect(chat.id).toBe(g.id);
    expect(w.store.getState().chats[g.id]?.title).toBe('Climbing');
    await until(() => w.store.getState().messages[g.id]?.loaded === true, 'group loaded');
    expect(w.server.requests).toContainEqual(['chat:join', { chatId: g.id }]);
    expect(w.store.slices.chatList.summary(g.id)?.title).toBe('Climbing');
    // The chat:added that follows changes nothing.
    w.server.push({ type: 'chat', chat: { ...chat }, added: true });
    expect(Object.keys(w.store.getState().chats)).toEqual([g.id]);

    // Used up now for anyone else; a member still previews it (here: the fake says used up).
    const used = await w.store.groups.invitePreview('abc').catch((err: unknown) => err);
    expect(joinProblem(used)).toMatchObject({ kind: 'invalid', title: 'This invite link has been used up' });
    const missing = await w.store.groups.joinByInvite('nope').catch((err: unknown) => err);
    expect(joinProblem(missing).kind).toBe('not_found');
  });
});
