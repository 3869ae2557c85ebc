// @vitest-environment happy-dom
// Mentions in the timeline: the "@Name" of each person a message mentions is a chip (the
// viewer's own, and @all, the stronger one), a name it does not mention stays text, a search's
// marks go on inside a chip; a message that mentions the viewer has its bar and says so in its
// label, one of their own or one deleted does not.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import type { ViewMessage } from '../../client/types';
import { MessageBubble } from './MessageBubble';
import { msg } from './test-messages';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup() {
  const server = new FakeServer();
  const me = server.addUser('Me Myself', true);
  const ann = server.addUser('Ann');
  const ben = server.addUser('Ben Ortiz');
  server.addGroup('Design', [me.id, ann.id, ben.id]);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.slices.users.get()[ben.id] !== undefined, 'people known');
  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  cleanups.push(() => {
    act(() => root.unmount());
    el.remove();
  });
  const render = (m: ViewMessage, highlights?: { start: number; end: number }[]) =>
    act(async () => {
      root.render(
        <StoreProvider store={store}>
          <ul>
            <MessageBubble
              message={m}
              own={m.senderId === me.id}
              forwardedFrom={null}
              senderName={m.senderId === ann.id ? 'Ann' : 'Someone'}
              writtenAt={undefined}
              selecting={false}
              selected={false}
              menuOpen={false}
              groupStart
              focusable
              onAction={() => undefined}
              onMenu={() => undefined}
              onFocus={() => undefined}
              me={me.id}
              highlights={highlights}
            />
          </ul>
        </StoreProvider>,
      );
    });
  const chips = () => [...el.querySelectorAll('.mention')].map((c) => [c.textContent, c.getAttribute('data-mention'), c.classList.contains('mention-me')]);
  const item = () => el.querySelector('li')!;
  const label = () => el.querySelector('[role="article"]')!.getAttribute('aria-label') ?? '';
  return { me, ann, ben, el, render, chips, item, label };
}

it('shows the people mentioned as chips, the viewer’s own stronger, and marks the message', async () => {
  const t = await setup();
  await t.render(msg(1, t.ann.id, 'DELIVERED', { content: 'hey @Me Myself, @ben ortiz and @Ann Lee', mentions: [t.me.id, t.ben.id] }));
  expect(t.chips()).toEqual([
    ['@Me Myself', t.me.id, true],
    ['@ben ortiz', t.ben.id, false],
  ]);
  expect(t.item().getAttribute('data-mentions-me')).toBe('true');
  expect(t.label()).toMatch(/^Ann, mentions you, /);
  expect(t.el.querySelector('[data-bubble]')!.className).toContain('border-mention-bar');
});

it('shows @all as a chip and marks the message when it mentions everyone', async () => {
  const t = await setup();
  await t.render(msg(1, t.ann.id, 'DELIVERED', { content: '@all meeting at 3', mentionsAll: true }));
  expect(t.chips()).toEqual([['@all', 'all', true]]);
  expect(t.item().getAttribute('data-mentions-me')).toBe('true');
  // Without mentionsAll, "@all" is text.
  await t.render(msg(2, t.ann.id, 'DELIVERED', { content: '@all meeting at 3' }));
  expect(t.chips()).toEqual([]);
  expect(t.item().getAttribute('data-mentions-me')).toBeNull();
  expect(t.label()).not.toContain('mentions you');
});

it('marks a search’s words inside a chip too', async () => {
  const t = await setup();
  await t.render(msg(1, t.ann.id, 'DELIVERED', { content: 'ask @Ben Ortiz now', mentions: [t.ben.id] }), [{ start: 5, end: 8 }]);
  const chip = t.el.querySelector('.mention')!;
  expect(chip.textContent).toBe('@Ben Ortiz');
  expect(chip.querySelector('mark')?.textContent).toBe('Ben');
});

it('does not mark the viewer’s own message, nor one deleted', async () => {
  const t = await setup();
  await t.render(msg(1, t.me.id, 'SENT', { content: '@all hi', mentionsAll: true }));
  expect(t.chips()).toEqual([['@all', 'all', true]]);
  expect(t.item().getAttribute('data-mentions-me')).toBeNull();
  await t.render(msg(2, t.ann.id, 'DELIVERED', { content: 'This message was deleted', deleted: true, mentions: [t.me.id] }));
  expect(t.chips()).toEqual([]);
  expect(t.item().getAttribute('data-mentions-me')).toBeNull();
});
