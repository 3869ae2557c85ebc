// @vitest-environment happy-dom
// Components render when what they show changes, not on every change of the store: an
// incoming message renders the message list's data again, but not the composer.
import { Profiler, act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider, useChatMessages } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { Composer } from './Composer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function Counted({ id, counts, children }: { id: string; counts: Map<string, number>; children: ReactNode }) {
  return (
    <Profiler id={id} onRender={() => counts.set(id, (counts.get(id) ?? 0) + 1)}>
      {children}
    </Profiler>
  );
}

// Stands for the message list: it reads the open chat's messages.
function MessagesProbe({ chatId }: { chatId: string }) {
  const n = useChatMessages(chatId)?.items.length ?? 0;
  return <span data-count={n} />;
}

it('an incoming message renders what shows messages, not the composer', async () => {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0 });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');

  const counts = new Map<string, number>();
  const el = document.createElement('div');
  document.body.append(el);
  let root: Root | null = null;
  await act(async () => {
    root = createRoot(el);
    root.render(
      <StoreProvider store={store}>
        <Counted id="composer" counts={counts}>
          <Composer chatId={chat.id} autoFocus={false} />
        </Counted>
        <Counted id="messages" counts={counts}>
          <MessagesProbe chatId={chat.id} />
        </Counted>
      </StoreProvider>,
    );
  });
  cleanups.push(() => act(() => root?.unmount()));
  const before = new Map(counts);

  for (let i = 0; i < 3; i++) {
    const [m] = server.store(chat.id, bob.id, `hello ${i}`);
    await act(async () => server.push({ type: 'message', message: m }));
  }

  expect(el.querySelector('[data-count]')?.getAttribute('data-count')).toBe('3');
  expect((counts.get('messages') ?? 0) - (before.get('messages') ?? 0)).toBeGreaterThanOrEqual(1);
  expect((counts.get('composer') ?? 0) - (before.get('composer') ?? 0)).toBe(0);

  // Sending one (pending until acknowledged) does render it: its queued count may change.
  await act(async () => store.send(chat.id, 'mine'));
  expect(counts.get('composer') ?? 0).toBeGreaterThan(before.get('composer') ?? 0);
});
