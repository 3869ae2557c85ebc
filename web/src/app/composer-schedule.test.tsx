// @vitest-environment happy-dom
// The message box with the scheduled feature handed in (as the app does): the clock beside
// Send opens the schedule dialog with the box's text, which empties once it is scheduled (and
// nothing is sent now); files in the tray go with it once uploaded (the clock says to wait
// meanwhile), leaving the tray without their uploads deleted; a thread's box and an edit have
// no clock; and a message a schedule sent has its mark, said in its label.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';

import { StoreProvider } from './store-context';
import { FileServer } from '../client/fake-files';
import { until } from '../client/fakes';
import { MemoryStorage } from '../client/storage';
import { ChatStore } from '../client/store';
import type { ViewMessage } from '../client/types';
import { Composer } from '../features/chat-view/Composer';
import { MessageBubble } from '../features/chat-view/MessageBubble';
import { FileSlotsContext } from '../features/chat-view/file-slots';
import { ScheduleSlotsContext } from '../features/chat-view/schedule-slots';
import { fileSlots } from '../features/files';
import { scheduleSlots } from '../features/scheduled';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

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
    filesApi: server,
    uploads: server,
    timeZone: () => 'UTC',
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
  /** `files`: with the files feature handed in too (the tray, the paperclip). */
  const render = (node: ReactNode, files = false) =>
    act(async () => {
      const inner = <ScheduleSlotsContext.Provider value={scheduleSlots}>{node}</ScheduleSlotsContext.Provider>;
      root.render(<StoreProvider store={store}>{files ? <FileSlotsContext.Provider value={fileSlots}>{inner}</FileSlotsContext.Provider> : inner}</StoreProvider>);
    });
  const type = (text: string) =>
    act(async () => {
      const box = el.querySelector('textarea')!;
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box, text);
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const click = (e: Element | null) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
      await new Promise((r) => setTimeout(r, 0));
    });
  return { server, store, me, chat, el, render, type, click };
}

describe('the message box with scheduling', () => {
  it('schedules the box\'s text with the clock, and empties the box', async () => {
    const w = await setup();
    await w.render(<Composer chatId={w.chat.id} autoFocus={false} />);
    const clock = w.el.querySelector<HTMLButtonElement>('[data-testid="schedule-button"]')!;
    expect(clock.getAttribute('aria-label')).toBe('Schedule message');
    expect(clock.getAttribute('aria-haspopup')).toBe('dialog');
    await w.type('See you at the standup');
    await w.click(clock);
    const dialog = () => document.querySelector('[data-testid="schedule-dialog"]');
    expect(dialog()).not.toBeNull();
    // Not inside the message box's form: submitting the dialog sends nothing now.
    expect(dialog()?.closest('form')).toBeNull();
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="schedule-content"]')!.value).toBe('See you at the standup');
    await w.click(document.querySelector('[data-testid="schedule-submit"]'));
    await act(async () => until(() => dialog() === null, 'closed'));
    expect([...w.server.scheduled.all.values()].map((x) => x.s.content)).toEqual(['See you at the standup']);
    expect(w.el.querySelector('textarea')!.value).toBe('');
    expect(w.store.slices.drafts.entry(w.chat.id)).toBeUndefined();
    expect(w.store.outboxItems()).toEqual([]);
    expect(w.server.stored).toEqual([]);
  });

  it('schedules the tray\'s files once uploaded, and takes them out of the tray without deleting them', async () => {
    const w = await setup();
    await w.render(<Composer chatId={w.chat.id} autoFocus={false} />, true);
    await act(async () => {
      await w.store.files.stage(w.chat.id, [new File([new Uint8Array(4000)], 'plan.pdf', { type: 'application/pdf' })]);
    });
    const clock = () => w.el.querySelector<HTMLButtonElement>('[data-testid="schedule-button"]')!;
    const dialog = () => document.querySelector('[data-testid="schedule-dialog"]');
    // Still uploading: the clock says to wait, and opens nothing.
    expect(clock().getAttribute('aria-disabled')).toBe('true');
    expect(clock().getAttribute('title')).toBe('Wait for the files to finish uploading');
    await w.click(clock());
    expect(dialog()).toBeNull();

    await act(async () => {
      w.server.uploadsMade[0]!.finish();
    });
    await act(async () => until(() => clock().getAttribute('aria-disabled') === null, 'uploaded'));
    expect(clock().getAttribute('title')).toBe('Schedule message (or hold Send)');
    await w.click(clock());
    expect(dialog()).not.toBeNull();
    const listed = document.querySelector('[data-testid="schedule-files"]')!;
    expect([...listed.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['plan.pdf']);
    expect(listed.textContent).not.toContain('can’t be changed');
    expect(dialog()?.querySelector('label')?.textContent).toBe('Caption (optional)');
    // No text: the file alone is the message.
    expect(document.querySelector<HTMLTextAreaElement>('[data-testid="schedule-content"]')!.value).toBe('');
    await w.click(document.querySelector('[data-testid="schedule-submit"]'));
    await act(async () => until(() => dialog() === null, 'closed'));

    const fileId = w.server.uploadsMade[0]!.fileId!;
    const made = [...w.server.scheduled.all.values()].map((x) => x.s);
    expect(made.map((s) => [s.content, s.attachments.map((a) => a.id)])).toEqual([['', [fileId]]]);
    // Out of the tray as a send takes them, the upload kept (the schedule carries it).
    expect(w.el.querySelector('[data-testid="composer-tray"]')).toBeNull();
    expect(w.store.files.staged.entry(w.chat.id)).toBeUndefined();
    expect(w.server.uploadsMade[0]!.terminated).toBe(false);
    expect(w.server.records.has(fileId)).toBe(true);
    expect(w.store.outboxItems()).toEqual([]);
    expect(w.server.stored).toEqual([]);
    expect(w.store.scheduled.find(made[0]!.id)?.attachments.map((a) => a.name)).toEqual(['plan.pdf']);

    // When its time comes, the message carries the file.
    await act(async () => {
      w.server.scheduled.fire(made[0]!.id);
    });
    expect(w.server.stored.map((m) => [m.caption, m.attachments?.map((a) => a.name)])).toEqual([['', ['plan.pdf']]]);
  });

  it('keeps the clock disabled while a file in the tray failed', async () => {
    const w = await setup();
    await w.render(<Composer chatId={w.chat.id} autoFocus={false} />, true);
    await act(async () => {
      await w.store.files.stage(w.chat.id, [new File([new Uint8Array(10)], 'a.txt', { type: 'text/plain' }), new File([new Uint8Array(10)], 'b.txt', { type: 'text/plain' })]);
    });
    await act(async () => {
      w.server.uploadsMade[0]!.finish();
      w.server.uploadsMade[1]!.refuse(413, 'too_large', 'Too large');
    });
    const clock = () => w.el.querySelector<HTMLButtonElement>('[data-testid="schedule-button"]')!;
    await act(async () => until(() => w.store.files.uploads.entry(w.store.files.staged.entry(w.chat.id)![1]!)?.status === 'failed', 'failed'));
    expect(clock().getAttribute('aria-disabled')).toBe('true');
    // Removed, the one uploaded may be scheduled.
    await act(async () => w.store.files.unstage(w.store.files.staged.entry(w.chat.id)![1]!));
    await act(async () => until(() => clock().getAttribute('aria-disabled') === null, 'ready'));
  });

  it('offers no clock in a thread\'s box or while editing', async () => {
    const w = await setup();
    await w.render(<Composer chatId={w.chat.id} autoFocus={false} threadRootId="root-1" draftKey="thread:root-1" />);
    expect(w.el.querySelector('[data-testid="schedule-button"]')).toBeNull();
    await w.render(<Composer chatId={w.chat.id} autoFocus={false} editing={{ id: 'm1', content: 'hello' }} />);
    expect(w.el.querySelector('[data-testid="schedule-button"]')).toBeNull();
  });

  it('marks a message a schedule sent, in its label too', async () => {
    const w = await setup();
    const m: ViewMessage = {
      id: 'm1',
      chatId: w.chat.id,
      senderId: w.me.id,
      content: 'Good morning',
      status: 'SENT',
      createdAt: new Date().toISOString(),
      isPinned: false,
      pinnedAt: null,
      pinnedBy: null,
      isForwarded: false,
      forwardedFromId: null,
      originalSenderId: null,
      seq: 1,
      clientMessageId: null,
      scheduled: true,
    };
    const bubble = (message: ViewMessage) => (
      <ul>
        <MessageBubble
          message={message}
          own
          forwardedFrom={null}
          senderName="Me"
          writtenAt={undefined}
          selecting={false}
          selected={false}
          menuOpen={false}
          groupStart
          focusable
          onAction={() => undefined}
          onMenu={() => undefined}
          onFocus={() => undefined}
        />
      </ul>
    );
    await w.render(bubble(m));
    const mark = w.el.querySelector('[data-testid="scheduled-mark"]')!;
    expect(mark.getAttribute('role')).toBe('img');
    expect(mark.getAttribute('aria-label')).toBe('Sent by schedule');
    expect(w.el.querySelector('[role="article"]')!.getAttribute('aria-label')).toContain(', sent by schedule');
    await w.render(bubble({ ...m, scheduled: undefined }));
    expect(w.el.querySelector('[data-testid="scheduled-mark"]')).toBeNull();
    expect(w.el.querySelector('[role="article"]')!.getAttribute('aria-label')).not.toContain('schedule');
  });
});
