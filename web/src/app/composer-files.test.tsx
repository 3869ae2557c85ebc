// @vitest-environment happy-dom
// The message box with the files feature handed in (as the app does): a file added shows in
// its tray with its progress, the send button says what it sends, the text is the caption,
// and the message sending shows each file's progress with a cancel button; a file over the
// server's limit is said in words.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';

import { StoreProvider } from './store-context';
import { FileServer } from '../client/fake-files';
import { until } from '../client/fakes';
import { MemoryStorage } from '../client/storage';
import { ChatStore } from '../client/store';
import { Composer } from '../features/chat-view/Composer';
import { FileSlotsContext } from '../features/chat-view/file-slots';
import { fileSlots } from '../features/files';
import { Attachments } from '../features/files/Attachments';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup() {
  const server = new FileServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, filesApi: server, uploads: server });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const render = (node: React.ReactNode) =>
    act(async () => {
      root.render(
        <StoreProvider store={store}>
          <FileSlotsContext.Provider value={fileSlots}>{node}</FileSlotsContext.Provider>
        </StoreProvider>,
      );
    });
  return { server, store, me, bob, chat, el, render };
}

describe('the message box with files', () => {
  it('shows a file added in its tray with its progress, and sends it with the caption', async () => {
    const w = await setup();
    await w.render(<Composer chatId={w.chat.id} autoFocus={false} />);
    expect(w.el.querySelector('[aria-label="Attach files"]')).not.toBeNull();
    await act(async () => {
      await w.store.files.stage(w.chat.id, [new File([new Uint8Array(4000)], 'plan.pdf', { type: 'application/pdf' })]);
    });
    const item = () => w.el.querySelector('[data-testid="tray-item"]')!;
    expect(item().getAttribute('aria-label')).toBe('plan.pdf, 4 KB, uploading 0%');
    await act(async () => w.server.uploadsMade[0]!.progress(1000));
    expect(item().querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('25');
    const send = () => w.el.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(send().getAttribute('aria-label')).toBe('Send the file');
    expect(send().disabled).toBe(false);
    expect(w.el.querySelector('textarea')!.getAttribute('placeholder')).toBe('Add a caption…');
    await act(async () => send().click());
    expect(w.el.querySelector('[data-testid="composer-tray"]')).toBeNull();
    const pending = w.store.getState().messages[w.chat.id]!.items[0]!;
    expect(pending.localUploads).toHaveLength(1);

    // The bubble's part while it uploads: its progress, and a cancel button.
    await w.render(<Attachments message={pending} own tabIndex={0} />);
    const bar = () => w.el.querySelector('[data-testid="pending-card"] [role="progressbar"]')!;
    expect(bar().getAttribute('aria-valuenow')).toBe('25');
    await act(async () => w.server.uploadsMade[0]!.progress(1000));
    expect(bar().getAttribute('aria-valuenow')).toBe('50');
    expect(w.el.querySelector('[data-testid="upload-cancel"]')!.getAttribute('aria-label')).toBe('Cancel sending plan.pdf');
  });

  it('says in the tray why a file was not added', async () => {
    const w = await setup();
    w.server.maxSize = 1000;
    await w.render(<Composer chatId={w.chat.id} autoFocus={false} />);
    await act(async () => {
      await w.store.files.stage(w.chat.id, [new File([new Uint8Array(4000)], 'big.bin')]);
    });
    expect(w.el.querySelector('[data-testid="tray-notice"]')!.textContent).toBe('big.bin is 4 KB; the limit is 1 KB.');
  });
});
