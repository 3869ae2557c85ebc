// @vitest-environment happy-dom
// The scheduled feature's views against the fake server: the schedule dialog (the text given,
// the proposed time in the person's zone, repeat and end made into a rule, the next times from
// the server's preview, what is wrong said before sending and the server's words for a rule,
// editing one prefilled with only the change sent; files listed read-only, the text optional
// with them), and the bar above the message box with the chat's list (its count, Esc, Cancel
// asked first, Send now; files named under the text, or as the title when there is none).
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { ApiError } from '../../client/errors';
import { FileServer } from '../../client/fake-files';
import { until } from '../../client/fakes';
import type { Attachment } from '../../client/files-wire';
import { formatLocal, msToLocal, weekdayOf } from '../../client/rrule';
import { defaultStart } from '../../client/scheduled';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { ScheduleDialog } from './ScheduleDialog';
import { ScheduledBar } from './ScheduledBar';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  // The views first, then the store (its reset would render them outside act).
  for (const c of cleanups.splice(0).reverse()) c();
});

const ZONE = 'Europe/Berlin';
const HOUR = 60 * 60 * 1000;
const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

async function setup() {
  const server = new FileServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage: new MemoryStorage(),
    readDelayMs: 0,
    scheduledApi: server.scheduled,
    timeZone: () => ZONE,
  });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.scheduled.list() !== null, 'scheduled loaded');
  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const render = (node: ReactNode) =>
    act(async () => {
      root.render(<StoreProvider store={store}>{node}</StoreProvider>);
    });
  const q = <E extends Element = HTMLElement>(sel: string) => document.querySelector<E>(sel);
  const all = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
  /** Waits (the preview's pause included) until `cond` holds. */
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 150 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 20)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
      // What the click set going (the fake server's answers) lands inside act.
      await new Promise((r) => setTimeout(r, 0));
    });
  /** Types into a field as a person would (React hears the input event). */
  const fill = (e: Element | null, value: string) =>
    act(async () => {
      if (!e) throw new Error('no field');
      const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : e instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(e, value);
      e.dispatchEvent(new Event(e instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
    });
  const token = `token-${me.id}`;
  /** A finished upload of the person's, by name. */
  const upload = (name: string): Attachment => {
    const file: Attachment = { id: server.newFileId(), kind: 'file', name, size: 100, mime: 'application/pdf', thumbnail: false };
    server.records.set(file.id, { owner: token, file });
    return file;
  };
  return { upload, server, store, me, bob, chat, render, q, all, wait, click, fill, token };
}

const inHours = (h: number) => formatLocal(msToLocal(Date.now() + h * HOUR, ZONE));

describe('the schedule dialog', () => {
  it('schedules the text given at the proposed time, in the person\'s zone, repeating as chosen', async () => {
    const w = await setup();
    const onDone = vi.fn();
    const onClose = vi.fn();
    await w.render(<ScheduleDialog chatId={w.chat.id} text="Standup notes" onClose={onClose} onDone={onDone} />);
    const dialog = w.q('[data-testid="schedule-dialog"]')!;
    expect(dialog.querySelector('h2')?.textContent).toBe('Schedule message');
    expect(w.q<HTMLTextAreaElement>('[data-testid="schedule-content"]')!.value).toBe('Standup notes');
    const proposed = defaultStart(ZONE, Date.now());
    expect(`${w.q<HTMLInputElement>('[data-testid="schedule-date"]')!.value}T${w.q<HTMLInputElement>('[data-testid="schedule-time"]')!.value}`).toBe(formatLocal(proposed));
    expect(w.q<HTMLInputElement>('[data-testid="schedule-zone-input"]')!.value).toBe(ZONE);
    expect(dialog.textContent).toContain('Deliver at this time in Bob’s time zone');
    // The quick choice matching the proposed time is pressed.
    expect(w.all('[data-testid="schedule-quick"] button').map((b) => b.getAttribute('aria-pressed'))[0]).toBe('true');

    // Once: one time in "Next".
    await w.wait(() => w.all('[data-testid="schedule-preview-times"] li').length === 1, 'one time previewed');

    // Weekly, three times.
    await w.fill(w.q('[data-testid="schedule-repeat"]'), 'weekly');
    const weekday = weekdayOf(proposed.year, proposed.month, proposed.day);
    expect(w.q('[data-testid="schedule-rule-words"]')?.textContent).toMatch(/^Every \w+day at /);
    await w.wait(() => w.all('[data-testid="schedule-preview-times"] li').length === 5, 'five times previewed');
    await w.click(w.q('[data-testid="schedule-end-count"]'));
    await w.fill(w.q('[data-testid="schedule-count"]'), '3');
    expect(w.q('[data-testid="schedule-rule-words"]')?.textContent).toMatch(/, 3 times$/);
    await w.wait(() => w.all('[data-testid="schedule-preview-times"] li').length === 3, 'three times previewed');

    await w.click(w.q('[data-testid="schedule-submit"]'));
    await w.wait(() => onClose.mock.calls.length === 1, 'closed');
    const made = [...w.server.scheduled.all.values()].map((x) => x.s);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ content: 'Standup notes', timeZone: ZONE, start: formatLocal(proposed), rrule: `FREQ=WEEKLY;BYDAY=${DAY_CODES[weekday]};COUNT=3` });
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ id: made[0]!.id }));
    expect(w.store.getState().toast?.text).toMatch(/^Scheduled for .+\.$/);
  });

  it('says what is wrong before sending anything, and the server\'s words for a rule', async () => {
    const w = await setup();
    await w.render(<ScheduleDialog chatId={w.chat.id} text="" onClose={() => undefined} />);
    const content = w.q<HTMLTextAreaElement>('[data-testid="schedule-content"]')!;
    expect(document.activeElement).toBe(content);
    await w.click(w.q('[data-testid="schedule-submit"]'));
    expect(w.q('[data-testid="schedule-dialog"]')?.textContent).toContain('Write the message to schedule.');
    expect(content.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(content);

    await w.fill(content, 'Too early');
    const [date, time] = inHours(-3).split('T');
    await w.fill(w.q('[data-testid="schedule-date"]'), date!);
    await w.fill(w.q('[data-testid="schedule-time"]'), time!);
    expect(w.q('[data-testid="schedule-start-problem"]')?.textContent).toBe('Pick a time in the future.');
    await w.click(w.q('[data-testid="schedule-submit"]'));
    expect(document.activeElement).toBe(w.q('[data-testid="schedule-date"]'));
    expect(w.server.scheduled.calls.filter((c) => c === 'POST create')).toEqual([]);

    // A good time, and a rule the server finds wrong: its words in "Next".
    const [d2, t2] = inHours(30).split('T');
    await w.fill(w.q('[data-testid="schedule-date"]'), d2!);
    await w.fill(w.q('[data-testid="schedule-time"]'), t2!);
    w.server.scheduled.previewError = new ApiError(400, 'invalid_input', 'rrule: INTERVAL must be at most 99');
    await w.fill(w.q('[data-testid="schedule-repeat"]'), 'custom');
    await w.fill(w.q('[data-testid="schedule-interval"]'), '3');
    await w.wait(() => w.q('[data-testid="schedule-preview-error"]')?.textContent === 'rrule: INTERVAL must be at most 99', 'the server\'s words');
    // And one the dialog finds wrong itself, beside the field.
    await w.fill(w.q('[data-testid="schedule-interval"]'), '0');
    expect(w.q('[data-testid="schedule-repeat-problem"]')?.textContent).toBe('Repeat every 1 to 99.');
  });

  it('edits a scheduled message prefilled, sending only what changed', async () => {
    const w = await setup();
    const start = inHours(48);
    const s = await w.server.scheduled.create(w.token, w.chat.id, { content: 'Rent', start, timeZone: ZONE, rrule: 'FREQ=MONTHLY;BYMONTHDAY=1,15' });
    await w.wait(() => w.store.scheduled.find(s.id) !== undefined, 'held');
    const onClose = vi.fn();
    await w.render(<ScheduleDialog chatId={w.chat.id} editing={w.store.scheduled.find(s.id)} onClose={onClose} />);
    expect(w.q('[data-testid="schedule-dialog"] h2')?.textContent).toBe('Edit scheduled message');
    expect(w.q<HTMLInputElement>('[data-testid="schedule-time"]')!.value).toBe(start.slice(11, 16));
    const repeat = w.q<HTMLSelectElement>('[data-testid="schedule-repeat"]')!;
    expect(repeat.value).toBe('keep');
    expect(repeat.selectedOptions[0]?.textContent).toBe('As set: FREQ=MONTHLY;BYMONTHDAY=1,15');
    expect(w.q('[data-testid="schedule-rule-words"]')?.textContent).toMatch(/^Every month on days 1 and 15 at /);
    // Its times as they were: the server's, not asked again.
    expect(w.all('[data-testid="schedule-preview-times"] li')).toHaveLength(5);
    await w.fill(w.q('[data-testid="schedule-content"]'), 'Pay the rent');
    expect(w.server.scheduled.previews).toEqual([]);
    expect(w.q('[data-testid="schedule-submit"]')?.textContent).toBe('Save');
    await w.click(w.q('[data-testid="schedule-submit"]'));
    await w.wait(() => onClose.mock.calls.length === 1, 'closed');
    expect(w.server.scheduled.patches).toEqual([{ version: 1, content: 'Pay the rent' }]);
    expect(w.store.scheduled.find(s.id)?.content).toBe('Pay the rent');
    expect(w.store.getState().toast?.text).toBe('Scheduled message changed.');
  });
});

describe('the schedule dialog with files', () => {
  it('lists the files it is given and schedules them, the text optional', async () => {
    const w = await setup();
    const [a, b] = [w.upload('plan.pdf'), w.upload('budget.xlsx')];
    const onClose = vi.fn();
    await w.render(<ScheduleDialog chatId={w.chat.id} text="" files={[a, b]} onClose={onClose} />);
    expect(w.all('[data-testid="schedule-files"] li').map((li) => li.textContent)).toEqual(['plan.pdf', 'budget.xlsx']);
    await w.click(w.q('[data-testid="schedule-submit"]'));
    await w.wait(() => onClose.mock.calls.length === 1, 'closed');
    const made = [...w.server.scheduled.all.values()].map((x) => x.s);
    expect(made.map((s) => [s.content, s.attachments.map((f) => f.name)])).toEqual([['', ['plan.pdf', 'budget.xlsx']]]);
  });

  it('shows a scheduled message\'s files when editing it, unchangeable, and lets its text be emptied', async () => {
    const w = await setup();
    const file = w.upload('plan.pdf');
    const s = await w.server.scheduled.create(w.token, w.chat.id, { content: 'The plan', attachments: [file.id], start: inHours(48), timeZone: ZONE });
    await w.wait(() => w.store.scheduled.find(s.id) !== undefined, 'held');
    const onClose = vi.fn();
    await w.render(<ScheduleDialog chatId={w.chat.id} editing={w.store.scheduled.find(s.id)} onClose={onClose} />);
    const listed = w.q('[data-testid="schedule-files"]')!;
    expect([...listed.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['plan.pdf']);
    expect(listed.textContent).toContain('Files can’t be changed after scheduling.');
    await w.fill(w.q('[data-testid="schedule-content"]'), '');
    await w.click(w.q('[data-testid="schedule-submit"]'));
    await w.wait(() => onClose.mock.calls.length === 1, 'closed');
    expect(w.server.scheduled.patches).toEqual([{ version: 1, content: '' }]);
    expect(w.store.scheduled.find(s.id)?.attachments.map((f) => f.name)).toEqual(['plan.pdf']);
  });
});

describe('the chat\'s scheduled messages', () => {
  it('names the files of each: under the text, counted past two, as the title without a text', async () => {
    const w = await setup();
    const one = w.upload('plan.pdf');
    const three = [w.upload('a.png'), w.upload('b.png'), w.upload('c.png')];
    await act(async () => {
      await w.server.scheduled.create(w.token, w.chat.id, { content: 'The plan', attachments: [one.id], start: inHours(2), timeZone: ZONE });
      await w.server.scheduled.create(w.token, w.chat.id, { content: 'Photos', attachments: three.map((f) => f.id), start: inHours(3), timeZone: ZONE });
      await w.server.scheduled.create(w.token, w.chat.id, { content: '', attachments: [three[0]!.id], start: inHours(4), timeZone: ZONE });
    });
    await w.render(<ScheduledBar chatId={w.chat.id} />);
    await w.wait(() => w.q('[data-testid="scheduled-bar-button"]')?.textContent?.includes('3 scheduled messages') === true, 'the bar');
    await w.click(w.q('[data-testid="scheduled-bar-button"]'));
    const items = w.all('[data-testid="scheduled-item"]');
    expect(items.map((i) => i.querySelector('[data-testid="scheduled-text"]')?.textContent)).toEqual(['The plan', 'Photos', 'a.png']);
    expect(items[0]!.querySelector('[data-testid="scheduled-files"]')?.textContent).toBe('plan.pdfFiles: plan.pdf');
    expect(items[1]!.querySelector('[data-testid="scheduled-files"] span[aria-hidden]')?.textContent).toBe('3 files');
    expect(items[1]!.querySelector('[data-testid="scheduled-files"]')?.getAttribute('title')).toBe('a.png, b.png, c.png');
    expect(items[2]!.querySelector('[data-testid="scheduled-files"]')).toBeNull();
    expect(items[2]!.querySelector('button')?.getAttribute('aria-label')).toBe('Edit the scheduled message “a.png”');
  });


  it('counts them above the message box and lists them, with Cancel asked first and Send now', async () => {
    const w = await setup();
    await w.render(<ScheduledBar chatId={w.chat.id} />);
    expect(w.q('[data-testid="scheduled-bar"]')).toBeNull();
    const a = await act(async () =>
      w.server.scheduled.create(w.token, w.chat.id, { content: 'Weekly report', start: inHours(2), timeZone: ZONE, rrule: 'FREQ=WEEKLY' }),
    );
    const b = await act(async () =>
      w.server.scheduled.create(w.token, w.chat.id, { content: 'Call mum', start: formatLocal(msToLocal(Date.now() + 5 * HOUR, 'Asia/Tokyo')), timeZone: 'Asia/Tokyo' }),
    );
    await w.wait(() => w.q('[data-testid="scheduled-bar-button"]')?.textContent?.includes('2 scheduled messages') === true, 'the bar');
    const button = w.q<HTMLButtonElement>('[data-testid="scheduled-bar-button"]')!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.textContent).toMatch(/Next: .* · in (2 hours|120 minutes|119 minutes)/);

    await w.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const panel = w.q('[data-testid="scheduled-panel"]')!;
    expect(button.getAttribute('aria-controls')).toBe(panel.id);
    expect(document.activeElement?.textContent).toBe('Scheduled messages');
    const items = () => w.all('[data-testid="scheduled-item"]');
    expect(items().map((i) => i.querySelector('[data-testid="scheduled-text"]')?.textContent)).toEqual(['Weekly report', 'Call mum']);
    expect(items()[0]!.querySelector('[data-testid="scheduled-rule"]')?.textContent).toMatch(/^Every \w+day at /);
    expect(items()[1]!.textContent).toContain('Time zone: Asia/Tokyo');
    expect(items()[1]!.querySelector('[data-testid="scheduled-rule"]')).toBeNull();

    // Esc closes the list, and focus goes back to the bar.
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(w.q('[data-testid="scheduled-panel"]')).toBeNull();
    expect(document.activeElement).toBe(button);
    await w.click(button);

    // Cancel asks first; keeping it changes nothing.
    const cancelOf = (name: string) => w.all('[data-testid="scheduled-item"] button').find((x) => x.getAttribute('aria-label') === name) ?? null;
    await w.click(cancelOf('Cancel the scheduled message “Call mum”'));
    const ask = () => w.q('[data-testid="scheduled-cancel-dialog"]');
    expect(ask()?.getAttribute('role')).toBe('alertdialog');
    expect(ask()?.textContent).toContain('It will not be sent.');
    await w.click(w.all('[data-testid="scheduled-cancel-dialog"] button').find((x) => x.textContent === 'Keep it') ?? null);
    expect(ask()).toBeNull();
    expect(items()).toHaveLength(2);
    await w.click(cancelOf('Cancel the scheduled message “Call mum”'));
    await w.click(w.q('[data-testid="scheduled-cancel-confirm"]'));
    await w.wait(() => items().length === 1, 'cancelled');
    expect(w.server.scheduled.all.get(b.id)?.s.state).toBe('cancelled');
    expect(w.store.getState().toast?.text).toBe('Scheduled message cancelled.');
    expect(button.textContent).toContain('1 scheduled message');

    // Send now: the message goes, the recurring one stays for its next time.
    await w.click(w.all('[data-testid="scheduled-item"] button').find((x) => x.getAttribute('aria-label') === 'Send “Weekly report” now') ?? null);
    await w.wait(() => w.server.stored.some((m) => m.content === 'Weekly report' && m.scheduled === true), 'sent');
    await w.wait(() => w.store.scheduled.find(a.id)?.sentCount === 1 && w.store.getState().toast?.text === 'Sent.', 'moved on');
    expect(items()[0]!.textContent).toContain('Sent once');
  });
});
