// @vitest-environment happy-dom
// The files feature's components against a store on the fake server with files: an album's
// tiles (4 at most, "+N"), one request for the links of all its files, the viewer moved with
// the keyboard; a voice message's slider and speed. (The message box with files, which
// composes this feature with the chat view's, is tested in src/app/composer-files.test.tsx.)
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FileServer } from '../../client/fake-files';
import { until } from '../../client/fakes';
import type { Attachment } from '../../client/files-wire';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import type { ViewMessage } from '../../client/types';
import { Attachments } from './Attachments';
import { VoiceControls } from './VoicePlayer';

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
          {node}
        </StoreProvider>,
      );
    });
  return { server, store, me, bob, chat, el, render };
}

function image(server: FileServer, token: string, i: number): Attachment {
  const id = `img-${i}`;
  const file: Attachment = { id, kind: 'image', name: `photo${i}.png`, size: 1000 + i, mime: 'image/png', width: 640, height: 480, thumbnail: true };
  server.records.set(id, { owner: token, file });
  return file;
}

function messageWith(chatId: string, senderId: string, files: Attachment[], caption = ''): ViewMessage {
  return {
    id: 'm1',
    chatId,
    senderId,
    content: caption || `📎 ${files.length} files`,
    caption,
    attachments: files,
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
  };
}

async function flush() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 5));
  });
}

describe('an album', () => {
  it('shows four tiles at most, the last saying how many more, with one request for every link', async () => {
    const w = await setup();
    const files = [1, 2, 3, 4, 5, 6].map((i) => image(w.server, `token-${w.me.id}`, i));
    await w.render(<Attachments message={messageWith(w.chat.id, w.bob.id, files)} own={false} tabIndex={0} />);
    await flush();
    const album = w.el.querySelector('[data-testid="album"]')!;
    expect(album.getAttribute('data-layout')).toBe('4');
    const tiles = [...w.el.querySelectorAll('[data-testid="media-tile"]')];
    expect(tiles).toHaveLength(4);
    expect(tiles[0]!.getAttribute('aria-label')).toBe('Open photo 1 of 6: photo1.png');
    expect(tiles[3]!.getAttribute('aria-label')).toBe('Open photo 4 of 6, and 2 more: photo4.png');
    expect(w.el.querySelector('[data-testid="album-more"]')!.textContent).toBe('+2');
    expect(w.server.linkRequests).toEqual([files.map((f) => f.id)]);
    expect(w.el.querySelector<HTMLImageElement>('[data-testid="thumbnail"]')!.getAttribute('src')).toBe('/files/img-1/thumb?sig=1');
  });

  it('lays out three as one large and two small', async () => {
    const w = await setup();
    const files = [1, 2, 3].map((i) => image(w.server, `token-${w.me.id}`, i));
    await w.render(<Attachments message={messageWith(w.chat.id, w.bob.id, files)} own={false} tabIndex={0} />);
    expect(w.el.querySelector('[data-testid="album"]')!.getAttribute('data-layout')).toBe('3');
    expect(w.el.querySelector('[data-testid="media-tile"]')!.className).toContain('row-span-2');
  });

  it('opens the viewer at the tile pressed; the arrow keys move through every item', async () => {
    const w = await setup();
    const files = [1, 2, 3, 4, 5].map((i) => image(w.server, `token-${w.me.id}`, i));
    await w.render(<Attachments message={messageWith(w.chat.id, w.bob.id, files)} own={false} tabIndex={0} />);
    await flush();
    await act(async () => w.el.querySelectorAll<HTMLButtonElement>('[data-testid="media-tile"]')[3]!.click());
    const viewer = () => w.el.querySelector('[data-testid="viewer"]')!;
    expect(viewer().getAttribute('data-index')).toBe('3');
    const key = (k: string) => act(async () => viewer().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
    await key('ArrowRight');
    expect(viewer().getAttribute('data-index')).toBe('4'); // beyond the four tiles
    expect(w.el.querySelector('[data-testid="viewer-position"]')!.textContent).toContain('Photo 5 of 5');
    await key('ArrowRight');
    expect(viewer().getAttribute('data-index')).toBe('4'); // the last stays
    await key('+');
    expect(w.el.querySelector('[data-testid="viewer-image"]')!.getAttribute('data-scale')).toBe('1.5');
    await key('ArrowLeft');
    expect(viewer().getAttribute('data-index')).toBe('3');
    expect(w.el.querySelector('[data-testid="viewer-image"]')!.getAttribute('data-scale')).toBe('1'); // another item: 1×
    expect(w.el.querySelector('[data-testid="viewer-download"]')!.getAttribute('href')).toBe('/files/img-4?download=1&sig=1');
    await act(async () => w.el.querySelector<HTMLButtonElement>('[aria-label="Close viewer"]')!.click());
    expect(w.el.querySelector('[data-testid="viewer"]')).toBeNull();
  });
});

describe('a voice message', () => {
  it('seeks with the arrow keys on its slider and changes speed', async () => {
    const w = await setup();
    await w.render(<VoiceControls src="/voice.webm" duration={12} waveform={Array.from({ length: 64 }, (_, i) => i)} label="voice message from Bob" />);
    const slider = w.el.querySelector('[role="slider"]')!;
    expect(slider.getAttribute('aria-label')).toBe('Position in voice message from Bob');
    expect(slider.getAttribute('aria-valuemax')).toBe('12');
    expect(w.el.querySelectorAll('[data-testid="waveform"] > span > span')).toHaveLength(64);
    const key = (k: string) => act(async () => slider.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
    await key('ArrowRight');
    await key('ArrowRight');
    expect(slider.getAttribute('aria-valuenow')).toBe('2');
    expect(slider.getAttribute('aria-valuetext')).toBe('2 seconds of 12 seconds');
    await key('End');
    expect(slider.getAttribute('aria-valuenow')).toBe('12');
    await key('PageDown');
    expect(slider.getAttribute('aria-valuenow')).toBe('7');
    const speed = () => w.el.querySelector<HTMLButtonElement>('[data-testid="voice-speed"]')!;
    expect(speed().textContent).toBe('1×');
    await act(async () => speed().click());
    await act(async () => speed().click());
    expect(speed().textContent).toBe('2×');
    await act(async () => speed().click());
    expect(speed().textContent).toBe('1×');
    expect(w.el.querySelector('[data-testid="voice-play"]')!.getAttribute('aria-label')).toBe('Play voice message from Bob');
  });
});
