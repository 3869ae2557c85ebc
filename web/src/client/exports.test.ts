// Data exports in the state layer: the pure rules (the server's objects read defensively, the
// list after news, newest first, a copy further along winning; the form's draft as the POST
// body, its dates as local days with an exclusive end; what is wrong with a draft; refusals in
// words) and store.exports against the fake server: nothing read until asked, an export started
// shown at once (queued), export:progress moving it on (running with its count, done, failed),
// a late answer never putting it back, a download asking for a fresh link each time, removal,
// refusals thrown (two on their way already), a reconnect reading the list again, and a toast
// for one finished while the list is not shown.
import { afterEach, describe, expect, it } from 'vitest';

import { setLocale } from '../i18n/core';
import { ApiError } from './errors';
import {
  EMPTY_DRAFT,
  exportBody,
  exportErrorText,
  exportProblems,
  notBehind,
  readExport,
  readExportList,
  withExport,
  withoutExport,
  type ExportDraft,
} from './exports';
import type { Export } from './exports-wire';
import { FakeServer, settle, until } from './fakes';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
  setLocale('en');
});

const E: Export = {
  id: 'x1',
  format: 'json',
  state: 'queued',
  done: 0,
  total: 0,
  size: 0,
  chatIds: [],
  from: null,
  to: null,
  error: null,
  createdAt: 1000,
  finishedAt: null,
  expiresAt: null,
  url: null,
};

const draft = (d: Partial<ExportDraft> = {}): ExportDraft => ({ ...EMPTY_DRAFT, ...d });

describe('exports, pure', () => {
  it('reads an export defensively', () => {
    expect(readExport({ ...E })).toEqual(E);
    expect(readExport({ id: 'x', state: 'weird' })).toBeNull();
    expect(readExport({ state: 'done' })).toBeNull();
    expect(readExport(null)).toBeNull();
    // Unknown format: JSON; done beyond total: clamped; an empty error or url: none; chat ids kept as strings only.
    expect(readExport({ id: 'x', state: 'running', format: 'xml', done: 12, total: 10, error: '', url: '', chatIds: ['a', 3] })).toMatchObject({
      format: 'json',
      done: 10,
      total: 10,
      error: null,
      url: null,
      chatIds: ['a'],
      from: null,
      createdAt: 0,
    });
    expect(readExportList({ exports: [{ ...E, id: 'a', createdAt: 1 }, { ...E, id: 'b', createdAt: 5 }, { ...E, id: 'a' }, 7] }).map((x) => x.id)).toEqual(['b', 'a']);
    expect(readExportList('nope')).toEqual([]);
  });

  it('keeps the copy further along, newest first', () => {
    const running = { ...E, state: 'running' as const, done: 5, total: 10 };
    expect(notBehind(running, E)).toBe(true);
    expect(notBehind(E, running)).toBe(false);
    expect(notBehind({ ...running, done: 4 }, running)).toBe(false);
    expect(notBehind({ ...E, state: 'done' }, running)).toBe(true);
    expect(notBehind({ ...E, state: 'failed' }, running)).toBe(true);

    const older = { ...E, id: 'x0', createdAt: 500 };
    let list = withExport([older], E);
    expect(list.map((x) => x.id)).toEqual(['x1', 'x0']);
    list = withExport(list, running);
    expect(list[0]).toBe(running);
    // An older copy changes nothing (the same list).
    expect(withExport(list, E)).toBe(list);
    // A link heard with an older copy is kept on the held one.
    const done = { ...running, state: 'done' as const, size: 10 };
    list = withExport(list, done);
    list = withExport(list, { ...running, url: '/f?sig=1' });
    expect(list[0]).toMatchObject({ state: 'done', url: '/f?sig=1' });
    expect(withoutExport(list, 'x1').map((x) => x.id)).toEqual(['x0']);
    expect(withoutExport(list, 'nope')).toBe(list);
  });

  it('makes the body: local days, the end day included (sent as the next day\'s start), a BOM only for CSV', () => {
    expect(exportBody(draft())).toEqual({ format: 'json' });
    expect(exportBody(draft({ all: false, chatIds: ['c1', 'c2', 'c1'], format: 'csv', spreadsheet: true }))).toEqual({
      format: 'csv',
      chatIds: ['c1', 'c2'],
      byteOrderMark: true,
    });
    // The BOM is for spreadsheets only: JSON never has one; chosen chats are ignored with "all".
    expect(exportBody(draft({ all: true, chatIds: ['c1'], spreadsheet: true }))).toEqual({ format: 'json' });
    expect(exportBody(draft({ from: '2025-03-01', to: '2025-03-31' }))).toEqual({
      format: 'json',
      from: new Date(2025, 2, 1).getTime(),
      to: new Date(2025, 3, 1).getTime(),
    });
    // Across a year's end.
    expect(exportBody(draft({ to: '2025-12-31' })).to).toBe(new Date(2026, 0, 1).getTime());
  });

  it('says what is wrong with a draft', () => {
    expect(exportProblems(draft())).toEqual({});
    expect(exportProblems(draft({ all: false }))).toEqual({ chats: 'Choose at least one chat, or export all of them.' });
    expect(exportProblems(draft({ from: '2025-03-02', to: '2025-03-01' }))).toEqual({ to: 'The end date is before the start date.' });
    expect(exportProblems(draft({ from: '2025-03-01', to: '2025-03-01' }))).toEqual({});
    expect(exportProblems(draft({ from: '2025-02-30' }))).toEqual({ from: 'This is not a date.' });
  });

  it('says refusals in words', () => {
    expect(exportErrorText(new ApiError(429, 'rate_limited', 'Too many'))).toBe(
      'Two exports are being made already. Wait for one of them to finish, then start another.',
    );
    expect(exportErrorText(new ApiError(503, 'unavailable', 'x'))).toBe('Exports are not available right now. Try again later.');
    expect(exportErrorText(new ApiError(0, 'network', 'x'))).toBe('Cannot reach the server. Check your connection and try again.');
    expect(exportErrorText(new ApiError(403, 'forbidden', 'Not a member'))).toBe('You cannot export one of these chats: Not a member');
    expect(exportErrorText(new ApiError(400, 'invalid_input', 'to: must be after from'))).toBe('The server said: to: must be after from');
    setLocale('es');
    expect(exportErrorText(new ApiError(429, 'rate_limited', 'Too many'))).toBe('Ya se están preparando dos exportaciones. Espera a que termine una y luego empieza otra.');
  });
});

async function signedIn() {
  const server = new FakeServer();
  const me = server.addUser('Ann Lee', true);
  const bob = server.addUser('Bob Stone');
  const chat = server.addChat(me.id, bob.id);
  const other = server.addGroup('Elsewhere', [bob.id]);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, exportsApi: server.exports });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  return { server, store, me, bob, chat, other };
}

describe('store.exports', () => {
  it('reads nothing until the list is shown; starts an export, shown at once; progress moves it on', async () => {
    const w = await signedIn();
    await settle();
    expect(w.server.exports.calls).toEqual([]);
    const unwatch = w.store.exports.watch();
    await until(() => w.store.exports.list() !== null, 'read');
    expect(w.store.exports.list()).toEqual([]);

    const made = await w.store.exports.create(draft({ all: false, chatIds: [w.chat.id], format: 'csv', spreadsheet: true }));
    expect(w.server.exports.bodies).toEqual([{ format: 'csv', chatIds: [w.chat.id], byteOrderMark: true }]);
    expect(w.store.exports.list()).toMatchObject([{ id: made.id, state: 'queued', format: 'csv', chatIds: [w.chat.id] }]);

    w.server.exports.progress(made.id, 40, 200);
    expect(w.store.exports.find(made.id)).toMatchObject({ state: 'running', done: 40, total: 200 });
    w.server.exports.finish(made.id, 12345);
    expect(w.store.exports.find(made.id)).toMatchObject({ state: 'done', size: 12345, url: null });
    expect(w.store.exports.find(made.id)?.expiresAt).toBeGreaterThan(0);
    // Shown: no toast.
    expect(w.store.getState().toast).toBeNull();
    unwatch();
  });

  it('downloads with a fresh link each time', async () => {
    const w = await signedIn();
    await w.store.exports.load();
    const made = await w.store.exports.create(draft());
    await expect(w.store.exports.downloadUrl(made.id)).rejects.toMatchObject({ code: 'not_ready', message: 'This export is not ready to download yet.' });
    w.server.exports.finish(made.id, 10);
    const first = await w.store.exports.downloadUrl(made.id);
    const second = await w.store.exports.downloadUrl(made.id);
    expect(first).toMatch(new RegExp(`^/exports/${made.id}/file\\?sig=\\d+$`));
    expect(second).not.toBe(first);
    expect(w.server.exports.calls.filter((c) => c === `GET ${made.id}`)).toHaveLength(3);
    expect(w.store.exports.view.get().busy).toEqual({});
  });

  it('removes one; one the server no longer has leaves the list too', async () => {
    const w = await signedIn();
    await w.store.exports.load();
    const a = await w.store.exports.create(draft());
    const b = await w.store.exports.create(draft({ format: 'csv' }));
    await w.store.exports.remove(a.id);
    expect(w.server.exports.calls).toContain(`DELETE ${a.id}`);
    expect(w.store.exports.list()?.map((x) => x.id)).toEqual([b.id]);
    // Gone already (removed on another device): out of the list, no error.
    w.server.exports.all.delete(b.id);
    await w.store.exports.remove(b.id);
    expect(w.store.exports.list()).toEqual([]);
    // A late progress event of a removed export does not bring it back.
    w.server.exports.all.set(a.id, { owner: w.me.id, e: { ...a } });
    w.server.exports.progress(a.id, 1, 2);
    expect(w.store.exports.list()).toEqual([]);
  });

  it('throws refusals: two on their way already (429), a chat not the person\'s (403), unavailable (503)', async () => {
    const w = await signedIn();
    await w.store.exports.load();
    await w.store.exports.create(draft());
    await w.store.exports.create(draft());
    const third = await w.store.exports.create(draft()).catch((e: unknown) => e);
    expect(third).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(w.store.exports.list()).toHaveLength(2);
    const forbidden = await w.store.exports.create(draft({ all: false, chatIds: [w.other.id] })).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ status: 403 });
    w.server.exports.unavailable = true;
    expect(await w.store.exports.create(draft()).catch((e: unknown) => e)).toMatchObject({ status: 503 });
    // Quiet: the form says it, no toast.
    expect(w.store.getState().toast).toBeNull();
  });

  it('keeps news newer than a list answer, and reads the list again after a reconnect', async () => {
    const w = await signedIn();
    await w.store.exports.load();
    const made = await w.store.exports.create(draft());
    w.server.exports.progress(made.id, 5, 10);
    // An answer older than the news heard (its copy at 2 of 10) does not put the export back.
    w.server.exports.all.get(made.id)!.e = { ...w.server.exports.all.get(made.id)!.e, done: 2 };
    await w.store.exports.load();
    expect(w.store.exports.find(made.id)).toMatchObject({ state: 'running', done: 5 });

    // Progress told while away is heard with the reconnect's read.
    w.server.drop();
    w.server.exports.all.get(made.id)!.e = { ...w.server.exports.all.get(made.id)!.e, state: 'failed', error: 'Disk full' };
    const reads = w.server.exports.calls.filter((c) => c === 'GET list').length;
    w.server.restore();
    await until(() => w.store.exports.find(made.id)?.state === 'failed', 'read again');
    expect(w.server.exports.calls.filter((c) => c === 'GET list').length).toBe(reads + 1);
    expect(w.store.exports.find(made.id)?.error).toBe('Disk full');
  });

  it('tells of an export finished while the list is not shown, in a toast', async () => {
    const w = await signedIn();
    const unwatch = w.store.exports.watch();
    await until(() => w.store.exports.list() !== null, 'read');
    const made = await w.store.exports.create(draft());
    unwatch();
    w.server.exports.finish(made.id, 99);
    expect(w.store.getState().toast?.text).toBe('Your export is ready. Download it in Settings › Your data.');
  });

  it('forgets everything when the session ends', async () => {
    const w = await signedIn();
    await w.store.exports.load();
    await w.store.exports.create(draft());
    await w.store.logout();
    expect(w.store.exports.list()).toBeNull();
  });
});
