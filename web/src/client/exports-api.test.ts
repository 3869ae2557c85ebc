// HttpExportsApi: the requests that go out for data exports (paths, methods, bodies, the
// token), the answers read defensively, and refusals as ApiError with the server's code and
// words (429 rate_limited), a network failure as status 0.
import { afterEach, expect, it, vi } from 'vitest';

import { ApiError } from './errors';
import { HttpExportsApi } from './exports-api';

afterEach(() => {
  vi.unstubAllGlobals();
});

const X = {
  id: 'x/1',
  format: 'csv',
  state: 'done',
  done: 10,
  total: 10,
  size: 2048,
  chatIds: ['c1'],
  from: null,
  to: 1767225600000,
  error: null,
  createdAt: 5,
  finishedAt: 9,
  expiresAt: 99,
  url: '/exports/x1/file?sig=abc',
};

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

it('sends each call to its path with its body and the token, and reads the answers', async () => {
  const calls = recordFetch([
    { status: 202, body: { export: { ...X, state: 'queued', url: null } } },
    { status: 200, body: { exports: [{ ...X, id: 'old', createdAt: 1 }, X, { id: 'broken' }] } },
    { status: 200, body: { export: X } },
    { status: 204, body: null },
  ]);
  const api = new HttpExportsApi('http://example.test/');
  const made = await api.create('t', { chatIds: ['c1'], format: 'csv', to: 1767225600000, byteOrderMark: true });
  expect(made).toMatchObject({ id: 'x/1', state: 'queued', url: null });
  expect((await api.list('t')).map((x) => x.id)).toEqual(['x/1', 'old']);
  expect(await api.get('t', 'x/1')).toMatchObject({ state: 'done', url: '/exports/x1/file?sig=abc', size: 2048 });
  await api.remove('t', 'x/1');
  expect(calls).toEqual([
    { method: 'POST', url: 'http://example.test/api/v1/exports', body: { chatIds: ['c1'], format: 'csv', to: 1767225600000, byteOrderMark: true }, auth: 'Bearer t' },
    { method: 'GET', url: 'http://example.test/api/v1/exports', body: undefined, auth: 'Bearer t' },
    { method: 'GET', url: 'http://example.test/api/v1/exports/x%2F1', body: undefined, auth: 'Bearer t' },
    { method: 'DELETE', url: 'http://example.test/api/v1/exports/x%2F1', body: undefined, auth: 'Bearer t' },
  ]);
});

it('throws refusals with the server\'s code and words, and an unreadable answer', async () => {
  recordFetch([
    { status: 429, body: { error: 'rate_limited', message: 'Two exports are being made already' } },
    { status: 200, body: { export: { id: 'x' } } },
  ]);
  const api = new HttpExportsApi();
  const refused = await api.create('t', {}).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ApiError);
  expect(refused).toMatchObject({ status: 429, code: 'rate_limited', message: 'Two exports are being made already' });
  expect(await api.get('t', 'x').catch((e: unknown) => e)).toMatchObject({ code: 'bad_answer' });

  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch');
  });
  expect(await api.list('t').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'network' });
});
