// HttpScheduledApi: the requests that go out for scheduled messages (paths, methods, bodies,
// the token), the answers read defensively, and refusals as ApiError with the server's code
// and words ({error: {code, message}}).
import { afterEach, expect, it, vi } from 'vitest';

import { ApiError } from './errors';
import { HttpScheduledApi } from './scheduled-api';

afterEach(() => {
  vi.unstubAllGlobals();
});

const S = {
  id: 's1',
  chatId: 'c1',
  content: 'hi',
  attachments: [],
  timeZone: 'Europe/Berlin',
  start: '2026-12-08T09:00',
  rrule: 'FREQ=WEEKLY;BYDAY=MO,FR',
  recipientZone: false,
  state: 'pending',
  nextAt: 1765180800000,
  upcoming: [1765180800000],
  sentCount: 0,
  missedCount: 0,
  lastSentAt: null,
  lastMissedAt: null,
  lastMessageId: null,
  reason: null,
  version: 1,
  createdAt: 1,
  updatedAt: 1,
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

it('sends each call to its path with its body and the token', async () => {
  const message = { id: 'm1', chatId: 'c1', content: 'hi', scheduled: true };
  const calls = recordFetch([
    { status: 201, body: { scheduled: S } },
    { status: 200, body: { scheduled: [S, { ...S, id: 's0', nextAt: 5 }] } },
    { status: 200, body: { scheduled: [S] } },
    { status: 200, body: { scheduled: { ...S, version: 2, rrule: null } } },
    { status: 204, body: null },
    { status: 200, body: { message, scheduled: { ...S, state: 'done', nextAt: null, upcoming: [] } } },
    { status: 200, body: { occurrences: [30, 10, 20] } },
  ]);
  const api = new HttpScheduledApi('http://example.test/');
  const made = await api.create('t', 'c/1', { content: 'hi', start: '2026-12-08T09:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=MO,FR' });
  expect(made.id).toBe('s1');
  expect((await api.listChat('t', 'c1')).map((s) => s.id)).toEqual(['s0', 's1']);
  expect(await api.listMine('t')).toHaveLength(1);
  expect((await api.update('t', 'c1', 's1', { rrule: null, version: 1 })).rrule).toBeNull();
  await api.cancel('t', 'c1', 's1');
  const sent = await api.sendNow('t', 'c1', 's1');
  expect(sent.message).toEqual(message);
  expect(sent.scheduled?.state).toBe('done');
  expect(await api.preview('t', { start: '2026-12-08T09:00', timeZone: 'UTC', rrule: 'FREQ=DAILY' })).toEqual([10, 20, 30]);
  expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
    'POST http://example.test/api/v1/chats/c%2F1/scheduled',
    'GET http://example.test/api/v1/chats/c1/scheduled',
    'GET http://example.test/api/v1/me/scheduled',
    'PATCH http://example.test/api/v1/chats/c1/scheduled/s1',
    'DELETE http://example.test/api/v1/chats/c1/scheduled/s1',
    'POST http://example.test/api/v1/chats/c1/scheduled/s1/send',
    'POST http://example.test/api/v1/me/scheduled/preview',
  ]);
  expect(calls[0]?.body).toEqual({ content: 'hi', start: '2026-12-08T09:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=MO,FR' });
  expect(calls[3]?.body).toEqual({ rrule: null, version: 1 });
  expect(calls[6]?.body).toEqual({ start: '2026-12-08T09:00', timeZone: 'UTC', rrule: 'FREQ=DAILY' });
  expect(calls.every((c) => c.auth === 'Bearer t')).toBe(true);
});

it('throws refusals with the server\'s code and words', async () => {
  recordFetch([
    { status: 400, body: { error: { code: 'invalid_input', message: 'rrule: BYDAY=XX is not a weekday' } } },
    { status: 409, body: { error: { code: 'conflict', message: 'Stale version' } } },
    { status: 200, body: { nothing: true } },
  ]);
  const api = new HttpScheduledApi();
  await expect(api.preview('t', { start: 'x', timeZone: 'UTC', rrule: 'FREQ=WEEKLY;BYDAY=XX' })).rejects.toMatchObject({
    status: 400,
    code: 'invalid_input',
    message: 'rrule: BYDAY=XX is not a weekday',
  });
  const conflict = await api.update('t', 'c1', 's1', { content: 'x', version: 1 }).catch((e: unknown) => e);
  expect(conflict).toBeInstanceOf(ApiError);
  expect(conflict).toMatchObject({ status: 409, code: 'conflict' });
  await expect(api.create('t', 'c1', { content: 'hi', start: '2026-12-08T09:00' })).rejects.toMatchObject({ code: 'bad_answer' });
});

it('schedules files: their ids sent, the files read back as a message\'s', async () => {
  const file = { id: 'f1', kind: 'file', name: 'plan.pdf', size: 4000, mime: 'application/pdf', thumbnail: false };
  const calls = recordFetch([{ status: 201, body: { scheduled: { ...S, content: '', attachments: [file] } } }]);
  const made = await new HttpScheduledApi().create('t', 'c1', { content: '', attachments: ['f1'], start: '2026-12-08T09:00' });
  expect(calls[0]?.body).toEqual({ content: '', attachments: ['f1'], start: '2026-12-08T09:00' });
  expect(made.attachments).toEqual([file]);
  expect(made.content).toBe('');
});

it('says a network failure as one', async () => {
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch');
  });
  await expect(new HttpScheduledApi().listMine('t')).rejects.toMatchObject({ status: 0, code: 'network' });
});
