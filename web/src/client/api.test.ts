// HttpChatApi names each call by its operation in the server's route table (wire.gen.ts) and
// sends it under /api/v1: these are the requests that go out.
import { afterEach, expect, it, vi } from 'vitest';

import { HttpChatApi } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
});

function recordFetch(answer: unknown = {}, status = 200) {
  const calls: Array<{ method: string; url: string; body: unknown; auth: string | undefined }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({
      method: String(init.method),
      url,
      body: init.body === null ? undefined : JSON.parse(String(init.body)),
      auth: headers.Authorization,
    });
    return new Response(status === 204 ? null : JSON.stringify(answer), { status });
  });
  return calls;
}

it('sends each operation to its path under /api/v1, with its body and query', async () => {
  const calls = recordFetch();
  const api = new HttpChatApi('http://example.test/');
  await api.register('a@example.com', 'A', 'secret-pw');
  await api.login('a@example.com', 'secret-pw');
  await api.me('t');
  await api.users('t');
  await api.directory('t', { q: '', limit: 30 });
  await api.directory('t', { q: 'ann', cursor: 'c1' });
  await api.chats('t');
  await api.chat('t', 'a/b');
  await api.openPrivateChat('t', 'u1');
  await api.messages('t', 'c1', { afterSeq: 0, limit: 50 });
  await api.messages('t', 'c1', { before: 'm1' });
  expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
    'POST http://example.test/api/v1/auth/register',
    'POST http://example.test/api/v1/auth/login',
    'GET http://example.test/api/v1/me',
    'GET http://example.test/api/v1/users',
    'GET http://example.test/api/v1/directory?limit=30',
    'GET http://example.test/api/v1/directory?q=ann&cursor=c1',
    'GET http://example.test/api/v1/chats',
    'GET http://example.test/api/v1/chats/a%2Fb',
    'POST http://example.test/api/v1/chats',
    'GET http://example.test/api/v1/chats/c1/messages?after_seq=0&limit=50',
    'GET http://example.test/api/v1/chats/c1/messages?before=m1',
  ]);
  expect(calls[0]?.body).toEqual({ email: 'a@example.com', name: 'A', password: 'secret-pw' });
  expect(calls[0]?.auth).toBeUndefined();
  expect(calls[8]?.body).toEqual({ userId: 'u1' });
  expect(calls[2]?.auth).toBe('Bearer t');
});

it('answers null to a 204 (logout)', async () => {
  const calls = recordFetch(null, 204);
  await new HttpChatApi().logout('t');
  expect(calls).toEqual([{ method: 'POST', url: '/api/v1/auth/logout', body: undefined, auth: 'Bearer t' }]);
});

it('reads and changes the privacy settings at /api/v1/me/privacy', async () => {
  const calls = recordFetch({ readReceipts: true, typing: true, lastSeen: 'nobody', always: [], never: [] });
  const api = new HttpChatApi();
  await api.getPrivacy('t');
  const answer = await api.updatePrivacy('t', { lastSeen: 'nobody', never: ['u1'] });
  expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/me/privacy', 'PATCH /api/v1/me/privacy']);
  expect(calls[1]?.body).toEqual({ lastSeen: 'nobody', never: ['u1'] });
  expect(answer.lastSeen).toBe('nobody');
});

it('throws the server\'s code and words, whichever shape the error body has', async () => {
  recordFetch({ statusCode: 404, error: 'not_found', message: 'User not found' }, 404);
  await expect(new HttpChatApi().updatePrivacy('t', { always: ['x'] })).rejects.toMatchObject({
    status: 404,
    code: 'not_found',
    message: 'User not found',
  });
  recordFetch({ error: { code: 'invalid_input', message: 'never takes at most 1000 users' } }, 400);
  await expect(new HttpChatApi().updatePrivacy('t', { never: [] })).rejects.toMatchObject({
    status: 400,
    code: 'invalid_input',
    message: 'never takes at most 1000 users',
  });
});

it('reads and changes the server’s custom emoji set and a group’s', async () => {
  const calls = recordFetch({ emoji: [], canManage: false });
  const api = new HttpChatApi();
  await api.emojiSet('t', null);
  await api.emojiSet('t', 'c1');
  await api.addEmoji('t', null, 'party', 'iVBORw==');
  await api.addEmoji('t', 'c1', 'cake', 'iVBORw==');
  expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
    'GET /api/v1/emoji',
    'GET /api/v1/chats/c1/emoji',
    'POST /api/v1/emoji',
    'POST /api/v1/chats/c1/emoji',
  ]);
  expect(calls[2]?.body).toEqual({ shortcode: 'party', image: 'iVBORw==' });
  const removed = recordFetch(null, 204);
  await api.removeEmoji('t', null, 'party');
  await api.removeEmoji('t', 'c1', 'a+b');
  expect(removed.map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /api/v1/emoji/party', 'DELETE /api/v1/chats/c1/emoji/a%2Bb']);
});
