// HttpTemplatesApi: the requests that go out for templates (paths with the set, methods, bodies,
// the token, ?chatId=), the answers read defensively ({template} or the object alone), and
// refusals as ApiError with the server's code and words ({error: {code, message}}).
import { afterEach, expect, it, vi } from 'vitest';

import { ApiError } from './errors';
import { HttpTemplatesApi } from './templates-api';

afterEach(() => {
  vi.unstubAllGlobals();
});

const T = { id: 't1', chatId: null, title: 'Thanks', category: '', shortcut: 'thanks', content: 'Thank you!', createdBy: 'u1', createdAt: 1, updatedAt: 1, version: 1, uses: 0, lastUsedAt: null };

function recordFetch(answers: Array<{ status: number; body: unknown }>) {
  const calls: Array<{ method: string; url: string; body: unknown; auth: string | undefined }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ method: String(init.method), url, body: init.body === null ? undefined : JSON.parse(String(init.body)), auth: headers.Authorization });
    const a = answers.shift() ?? { status: 200, body: {} };
    return new Response(a.status === 204 ? null : JSON.stringify(a.body), { status: a.status });
  });
  return calls;
}

it('sends each call to its set\'s path with its body and the token', async () => {
  const group = { ...T, id: 'g1', chatId: 'c/1' };
  const calls = recordFetch([
    { status: 200, body: { templates: [T] } },
    { status: 200, body: { templates: [T, group] } },
    { status: 200, body: { templates: [group], canManage: true } },
    { status: 201, body: { template: T } },
    { status: 201, body: group },
    { status: 200, body: { template: { ...T, version: 2, shortcut: null } } },
    { status: 200, body: { template: { ...group, version: 2 } } },
    { status: 204, body: null },
    { status: 204, body: null },
    { status: 204, body: null },
    { status: 200, body: { templates: [T] } },
  ]);
  const api = new HttpTemplatesApi('http://example.test/');
  expect((await api.listMine('tok')).map((x) => x.id)).toEqual(['t1']);
  expect((await api.listMine('tok', 'c/1')).map((x) => x.id)).toEqual(['t1', 'g1']);
  expect(await api.listCanned('tok', 'c/1')).toMatchObject({ canManage: true, templates: [{ id: 'g1' }] });
  expect((await api.create('tok', null, { title: 'Thanks', content: 'Thank you!', shortcut: 'thanks' })).id).toBe('t1');
  expect((await api.create('tok', 'c/1', { title: 'Thanks', content: 'Thank you!' })).chatId).toBe('c/1');
  expect(await api.update('tok', null, 't1', { shortcut: '', version: 1 })).toMatchObject({ version: 2, shortcut: null });
  expect((await api.update('tok', 'c/1', 'g1', { title: 'X', version: 1 })).version).toBe(2);
  await api.remove('tok', null, 't1');
  await api.remove('tok', 'c/1', 'g1');
  await api.recordUse('tok', 't1', 'c/1');
  expect((await api.quickReplies('tok', 'c/1')).map((x) => x.id)).toEqual(['t1']);
  expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
    'GET http://example.test/api/v1/me/templates',
    'GET http://example.test/api/v1/me/templates?chatId=c%2F1',
    'GET http://example.test/api/v1/chats/c%2F1/templates',
    'POST http://example.test/api/v1/me/templates',
    'POST http://example.test/api/v1/chats/c%2F1/templates',
    'PATCH http://example.test/api/v1/me/templates/t1',
    'PATCH http://example.test/api/v1/chats/c%2F1/templates/g1',
    'DELETE http://example.test/api/v1/me/templates/t1',
    'DELETE http://example.test/api/v1/chats/c%2F1/templates/g1',
    'POST http://example.test/api/v1/templates/t1/uses',
    'GET http://example.test/api/v1/chats/c%2F1/quick-replies',
  ]);
  expect(calls[3]!.body).toEqual({ title: 'Thanks', content: 'Thank you!', shortcut: 'thanks' });
  expect(calls[5]!.body).toEqual({ shortcut: '', version: 1 });
  expect(calls[9]!.body).toEqual({ chatId: 'c/1' });
  expect(calls.every((c) => c.auth === 'Bearer tok')).toBe(true);
});

it('throws the server\'s refusals with their code and words, and an unreadable answer', async () => {
  recordFetch([
    { status: 409, body: { error: { code: 'template_limit', message: 'You can keep at most 200 templates' } } },
    { status: 409, body: { error: { code: 'conflict', message: 'There is a /thanks already' } } },
    { status: 201, body: { template: { title: 'no id' } } },
  ]);
  const api = new HttpTemplatesApi();
  await expect(api.create('tok', null, { title: 'a', content: 'b' })).rejects.toMatchObject({ status: 409, code: 'template_limit' });
  const taken = await api.create('tok', null, { title: 'a', content: 'b', shortcut: 'thanks' }).catch((e: unknown) => e);
  expect(taken).toBeInstanceOf(ApiError);
  expect((taken as ApiError).message).toBe('There is a /thanks already');
  await expect(api.create('tok', null, { title: 'a', content: 'b' })).rejects.toMatchObject({ code: 'bad_answer' });
});
