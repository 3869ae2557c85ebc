// @vitest-environment happy-dom
// Settings › Your data against the fake server: an export of all chats started with the form
// and listed (queued), its progress bar following export:progress, then Download with its size
// and availability; chosen chats (the chat the section was opened for chosen and listed first,
// the list searched), CSV for spreadsheets and a date range in the body; what is wrong said
// before anything is sent; Download asking for a fresh link each time and handing it to the
// browser; Remove; refusals in alerts (two exports on their way, one gone); a list that could
// not be read, with Try again.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ExportSection } from './ExportSection';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  vi.restoreAllMocks();
});

async function setup(chatId?: (w: { group: string }) => string) {
  const server = new FakeServer();
  const me = server.addUser('Ann Lee', true);
  const bob = server.addUser('Bob Stone');
  const cal = server.addUser('Cal Ruiz');
  const bobChat = server.addChat(me.id, bob.id);
  const calChat = server.addChat(me.id, cal.id);
  const group = server.addGroup('Sales team', [bob.id, me.id], { role: 'member' });
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, exportsApi: server.exports });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.slices.chatList.get().order.length === 3, 'chats listed');
  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  await act(async () => {
    root.render(
      <StoreProvider store={store}>
        <ExportSection chatId={chatId?.({ group: group.id })} />
      </StoreProvider>,
    );
  });
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel);
  const all = <E extends Element = HTMLElement>(sel: string) => [...el.querySelectorAll<E>(sel)];
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
      await new Promise((r) => setTimeout(r, 0));
    });
  const fill = (e: Element | null, value: string) =>
    act(async () => {
      if (!e) throw new Error('no field');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(e, value);
      e.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 100 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  /** Runs a change of the fake server's (an event pushed) inside act. */
  const server$ = <T,>(fn: () => T) => {
    let v!: T;
    act(() => {
      v = fn();
    });
    return v;
  };
  await wait(() => q('[data-testid="export-list-empty"]') !== null, 'list read');
  return { server, store, me, bob, cal, bobChat, calChat, group, el, q, all, click, fill, wait, server$ };
}

const chatRows = (all: <E extends Element = HTMLElement>(sel: string) => E[]) =>
  all<HTMLInputElement>('[data-testid="export-chat"]').map((c) => `${c.checked ? '[x]' : '[ ]'} ${c.closest('label')?.querySelector('[dir="auto"]')?.textContent ?? ''}`);

describe('Settings › Your data', () => {
  it('starts an export of every chat, and shows its progress, then Download', async () => {
    const w = await setup();
    expect(w.q('[data-testid="export-list-empty"]')?.textContent).toBe('No exports yet. The files you export are listed here until they expire.');
    // The defaults: all chats, JSON.
    expect(w.q<HTMLInputElement>('[data-testid="export-all-chats"]')!.checked).toBe(true);
    expect(w.q<HTMLInputElement>('[data-testid="export-format-json"]')!.checked).toBe(true);
    expect(w.q('[data-testid="export-format-json"]')!.closest('label')?.textContent).toBe('JSONLossless, can be imported again');
    expect(w.q('[data-testid="export-spreadsheet"]')).toBeNull();
    const form = w.q('[data-testid="export-form"]')!;
    expect(document.getElementById(form.getAttribute('aria-labelledby')!)?.textContent).toBe('Export your chats');

    await w.click(w.q('[data-testid="export-start"]'));
    await w.wait(() => w.all('[data-testid="export-item"]').length === 1, 'listed');
    expect(w.server.exports.bodies).toEqual([{ format: 'json' }]);
    expect(w.q('[role="status"][data-testid="export-started"]')?.textContent).toBe('Export started. It is listed below; you can leave this page while it is made.');
    const item = () => w.q('[data-testid="export-item"]')!;
    expect(item().dataset.state).toBe('queued');
    expect(item().querySelector('[data-testid="export-title"]')?.textContent).toBe('JSON · All chats');
    expect(item().querySelector('[data-testid="export-state"]')?.textContent).toContain('Waiting to start…');
    // Waiting: an indeterminate bar.
    expect(item().querySelector('progress')?.hasAttribute('value')).toBe(false);

    const id = item().dataset.exportId!;
    w.server$(() => w.server.exports.progress(id, 30, 120));
    const bar = item().querySelector<HTMLProgressElement>('[data-testid="export-progress"]')!;
    expect(bar.tagName).toBe('PROGRESS');
    expect([bar.value, bar.max]).toEqual([30, 120]);
    expect(bar.getAttribute('aria-label')).toBe('Progress of the export JSON · All chats');
    expect(item().dataset.state).toBe('running');
    expect(item().querySelector('[data-testid="export-state"]')?.textContent).toContain('Exporting: 30 of 120 messages');
    expect(item().querySelector('[data-testid="export-download"]')).toBeNull();

    w.server$(() => w.server.exports.progress(id, 90, 120));
    expect(item().querySelector<HTMLProgressElement>('progress')!.value).toBe(90);

    w.server$(() => w.server.exports.finish(id, 2500));
    expect(item().dataset.state).toBe('done');
    expect(item().querySelector('progress')).toBeNull();
    const state = item().querySelector('[data-testid="export-state"]')?.textContent ?? '';
    expect(state).toMatch(/^Ready · 2\.5 KB · Available until /);
    expect(item().querySelector('[data-testid="export-download"]')?.getAttribute('aria-label')).toBe('Download the export JSON · All chats');
    // The list heard it: no toast while it shows.
    expect(w.store.getState().toast).toBeNull();
  });

  it('exports the chat it was opened for, chosen first; searches the chats; CSV for spreadsheets; a date range', async () => {
    const w = await setup(({ group }) => group);
    expect(w.q<HTMLInputElement>('[data-testid="export-chosen-chats"]')!.checked).toBe(true);
    // The chat asked for first and chosen, then the others as the chat list orders them.
    expect(chatRows(w.all)[0]).toBe('[x] Sales team');
    expect(chatRows(w.all).slice(1).sort()).toEqual(['[ ] Bob Stone', '[ ] Cal Ruiz']);
    expect(w.q('[data-testid="export-chosen-count"]')?.textContent).toBe('1 chat chosen');

    await w.fill(w.q('[data-testid="export-chat-search"]'), 'ruíz');
    expect(chatRows(w.all)).toEqual(['[ ] Cal Ruiz']);
    await w.click(w.q('[data-testid="export-chat"]'));
    await w.fill(w.q('[data-testid="export-chat-search"]'), 'nobody');
    expect(w.q('[data-testid="export-chat-chooser"]')?.textContent).toContain('No chat matches.');
    await w.fill(w.q('[data-testid="export-chat-search"]'), '');
    expect(w.q('[data-testid="export-chosen-count"]')?.textContent).toBe('2 chats chosen');

    await w.click(w.q('[data-testid="export-format-csv"]'));
    await w.click(w.q('[data-testid="export-spreadsheet"]'));
    expect(w.q('[data-testid="export-spreadsheet"]')!.closest('label')?.textContent).toContain('For spreadsheets (Excel)');
    await w.fill(w.q('[data-testid="export-from"]'), '2025-01-01');
    await w.fill(w.q('[data-testid="export-to"]'), '2025-01-31');
    expect(w.q('[data-testid="export-to"]')?.getAttribute('min')).toBe('2025-01-01');

    await w.click(w.q('[data-testid="export-start"]'));
    await w.wait(() => w.all('[data-testid="export-item"]').length === 1, 'listed');
    expect(w.server.exports.bodies).toEqual([
      { format: 'csv', chatIds: [w.group.id, w.calChat.id], from: new Date(2025, 0, 1).getTime(), to: new Date(2025, 1, 1).getTime(), byteOrderMark: true },
    ]);
    const item = w.q('[data-testid="export-item"]')!;
    expect(item.querySelector('[data-testid="export-title"]')?.textContent).toBe('CSV · 2 chats');
    // The end day is shown as the last day included.
    expect(item.textContent).toMatch(/Messages from Jan 1, 2025 to Jan 31, 2025/);
  });

  it('says what is wrong before sending anything', async () => {
    const w = await setup();
    await w.click(w.q('[data-testid="export-chosen-chats"]'));
    await w.fill(w.q('[data-testid="export-from"]'), '2025-03-02');
    await w.fill(w.q('[data-testid="export-to"]'), '2025-03-01');
    await w.click(w.q('[data-testid="export-start"]'));
    expect(w.q('[data-testid="export-problem-chats"]')?.textContent).toBe('Choose at least one chat, or export all of them.');
    expect(w.q('[data-testid="export-problem-to"]')?.textContent).toBe('The end date is before the start date.');
    expect(w.q('[data-testid="export-to"]')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(w.q('[data-testid="export-chosen-chats"]'));
    expect(w.server.exports.calls.filter((c) => c.startsWith('POST'))).toEqual([]);
    // Choosing a chat takes its problem away.
    await w.click(w.q('[data-testid="export-chat"]'));
    expect(w.q('[data-testid="export-problem-chats"]')).toBeNull();
  });

  it('downloads with a fresh link each time, handed to the browser', async () => {
    const w = await setup();
    const clicked: Array<{ href: string; download: string }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.getAttribute('download') ?? 'none' });
    });
    await w.click(w.q('[data-testid="export-start"]'));
    await w.wait(() => w.all('[data-testid="export-item"]').length === 1, 'listed');
    const id = w.q('[data-testid="export-item"]')!.dataset.exportId!;
    w.server$(() => w.server.exports.finish(id, 10));

    await w.click(w.q('[data-testid="export-download"]'));
    await w.wait(() => clicked.length === 1, 'downloaded');
    await w.click(w.q('[data-testid="export-download"]'));
    await w.wait(() => clicked.length === 2, 'downloaded again');
    expect(w.server.exports.calls.filter((c) => c === `GET ${id}`)).toHaveLength(2);
    expect(clicked[0]!.href).toMatch(new RegExp(`^/exports/${id}/file\\?sig=\\d+$`));
    expect(clicked[1]!.href).not.toBe(clicked[0]!.href);
    expect(clicked[0]!.download).toBe('');
    // The temporary link is gone.
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('removes an export; says refusals in alerts', async () => {
    const w = await setup();
    await w.click(w.q('[data-testid="export-start"]'));
    await w.click(w.q('[data-testid="export-format-csv"]'));
    await w.click(w.q('[data-testid="export-start"]'));
    await w.wait(() => w.all('[data-testid="export-item"]').length === 2, 'listed');
    // Newest first.
    expect(w.all('[data-testid="export-title"]').map((e) => e.textContent)).toEqual(['CSV · All chats', 'JSON · All chats']);

    // A third while two are being made: refused, in words.
    await w.click(w.q('[data-testid="export-start"]'));
    await w.wait(() => w.q('[data-testid="export-error"]') !== null, 'refused');
    const alert = w.q('[data-testid="export-error"]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('Two exports are being made already. Wait for one of them to finish, then start another.');

    const [csv, json] = w.all('[data-testid="export-item"]').map((e) => e.dataset.exportId!);
    expect(w.q(`[data-export-id="${csv}"] [data-testid="export-remove"]`)?.getAttribute('aria-label')).toBe('Remove the export CSV · All chats');
    await w.click(w.q(`[data-export-id="${csv}"] [data-testid="export-remove"]`));
    await w.wait(() => w.all('[data-testid="export-item"]').length === 1, 'removed');
    expect(w.server.exports.calls).toContain(`DELETE ${csv}`);
    expect(w.all('[role="status"]').some((s) => s.textContent === 'Export removed.')).toBe(true);

    // One the server no longer has: its download says so, and it leaves the list.
    w.server$(() => w.server.exports.finish(json!, 10));
    w.server.exports.all.delete(json!);
    await w.click(w.q('[data-testid="export-download"]'));
    await w.wait(() => w.q('[data-testid="export-list-error"]') !== null, 'gone');
    expect(w.q('[data-testid="export-list-error"]')?.getAttribute('role')).toBe('alert');
    expect(w.q('[data-testid="export-list-error"]')?.textContent).toBe('This export is no longer available.');
    expect(w.all('[data-testid="export-item"]')).toEqual([]);
  });

  it('says why the list could not be read, and reads it again', async () => {
    const w = await setup();
    w.server.exports.unavailable = true;
    await act(async () => w.store.exports.reset());
    await act(async () => void (await w.store.exports.load()));
    expect(w.q('[data-testid="export-load-error"]')?.textContent).toContain('Your exports could not be loaded: Exports are not available right now');
    w.server.exports.unavailable = false;
    await w.click(w.q('[data-testid="export-load-error"] button'));
    await w.wait(() => w.q('[data-testid="export-list-empty"]') !== null, 'read again');
  });
});
