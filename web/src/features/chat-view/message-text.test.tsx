// @vitest-environment happy-dom
// Message text with custom emoji: a `:shortcode:` the chat may use is its image (alt and title
// the shortcode), an unknown one or another group's stays text, links stay links, one to three
// emoji alone show larger, and the text changes when a set does (one loaded, one removed). A
// search's ranges are marked, in plain text, inside links and around custom emoji.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { EmojiServer } from '../../client/fake-emoji';
import { until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { MessageText } from './MessageText';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup() {
  const server = new EmojiServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const group = server.addGroup('Trip', [me.id, bob.id]);
  const other = server.addGroup('Book club', [me.id, bob.id]);
  server.seedEmoji(null, 'party');
  server.seedEmoji(group.id, 'cake');
  server.seedEmoji(other.id, 'book');
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.emoji.serverSet() !== undefined, 'server set');
  const el = document.createElement('div');
  document.body.append(el);
  let root: Root | null = null;
  const render = async (text: string, chatId: string, highlights?: { start: number; end: number }[]) => {
    await act(async () => {
      root ??= createRoot(el);
      root.render(
        <StoreProvider store={store}>
          <MessageText text={text} chatId={chatId} highlights={highlights} />
        </StoreProvider>,
      );
    });
  };
  cleanups.push(() => act(() => root?.unmount()));
  return { server, store, group, el, render };
}

const images = (el: HTMLElement) =>
  [...el.querySelectorAll('img')].map((img) => `${img.getAttribute('alt')} ${img.getAttribute('title')} ${img.getAttribute('src')}`);

it('shows the chat’s custom emoji as images inline, others as text', async () => {
  const w = await setup();
  await w.render('Well done :party: :cake: :book: :nope: see https://example.com/:party:/x', w.group.id);
  // The group's set is not loaded yet: only the server's emoji is an image.
  expect(images(w.el)).toEqual([':party: :party: /api/v1/emoji/emoji-0001/image']);
  expect(w.el.textContent).toBe('Well done  :cake: :book: :nope: see https://example.com/:party:/x');
  expect(w.el.querySelector('a')?.getAttribute('href')).toBe('https://example.com/:party:/x');

  await act(async () => w.store.openChat(w.group.id));
  await act(async () => until(() => w.store.emoji.set(w.group.id) !== undefined, 'group set'));
  expect(images(w.el)).toEqual([':party: :party: /api/v1/emoji/emoji-0001/image', ':cake: :cake: /api/v1/emoji/emoji-0002/image']);
  // Inline: about the text's height.
  expect(w.el.querySelector('img')?.className).toContain('size-[1.25em]');

  // Removed from its set: text again.
  await act(async () => w.server.removeBySomeoneElse(w.group.id, 'cake'));
  await act(async () => until(() => !w.store.emoji.lookup(w.group.id).has(':cake:'), 'set reloaded'));
  expect(images(w.el)).toEqual([':party: :party: /api/v1/emoji/emoji-0001/image']);
  expect(w.el.textContent).toContain(':cake:');
});

it('shows one to three custom emoji alone larger', async () => {
  const w = await setup();
  await w.render(':party: :party:', w.group.id);
  expect([...w.el.querySelectorAll('img')].map((i) => i.className.includes('size-12'))).toEqual([true, true]);
  await w.render(':party: yes', w.group.id);
  expect([...w.el.querySelectorAll('img')].map((i) => i.className.includes('size-12'))).toEqual([false]);
  await w.render(':party::party::party::party:', w.group.id);
  expect([...w.el.querySelectorAll('img')].every((i) => !i.className.includes('size-12'))).toBe(true);
  await w.render('plain text', w.group.id);
  expect(w.el.innerHTML).toBe('<span>plain text</span>');
});

it('marks a search’s ranges in text, links and custom emoji, never half an emoji', async () => {
  const w = await setup();
  const text = 'Redeploy 👍🏽 via https://deploy.example.com/x :party: done 東京';
  const at = (s: string, from = 0) => text.indexOf(s, from);
  await w.render(text, w.group.id, [
    { start: 2, end: 8 }, // "deploy" inside "Redeploy"
    { start: at('👍🏽'), end: at('👍🏽') + 1 }, // half of the thumb: the whole emoji
    { start: at('deploy', 10), end: at('deploy', 10) + 6 }, // inside the link
    { start: at(':party:'), end: at(':party:') + 7 }, // the custom emoji
    { start: at('東京'), end: at('東京') + 2 },
  ]);
  const marks = [...w.el.querySelectorAll('mark')];
  expect(marks.map((m) => m.textContent || m.querySelector('img')?.getAttribute('alt'))).toEqual(['deploy', '👍🏽', 'deploy', ':party:', '東京']);
  expect(marks.every((m) => m.className === 'search-mark')).toBe(true);
  // The link is whole, with its mark inside; the text reads the same.
  const link = w.el.querySelector('a')!;
  expect(link.getAttribute('href')).toBe('https://deploy.example.com/x');
  expect(link.querySelector('mark')?.textContent).toBe('deploy');
  expect(w.el.textContent).toBe(text.replace(':party:', ''));
  // Without ranges: exactly as before.
  await w.render('plain text', w.group.id);
  expect(w.el.innerHTML).toBe('<span>plain text</span>');
  // Touching and overlapping ranges are one mark.
  await w.render('abcdef', w.group.id, [{ start: 0, end: 2 }, { start: 2, end: 4 }, { start: 3, end: 5 }]);
  expect(w.el.innerHTML).toBe('<span><mark class="search-mark">abcde</mark>f</span>');
});
