// @vitest-environment happy-dom
// The message box's emoji button (the reactions feature's, handed in as a slot): what it picks
// goes in at the caret, in place of the selection, the caret after it; once the message is
// sent, the emoji picked that are still in it are reported (emoji:used), those deleted are not.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeServer, until } from '../../client/fakes';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { Composer } from './Composer';
import { ReactionSlotsContext, type ReactionContext } from './reaction-slots';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Picks the emoji named by the button pressed (a stand-in for the real picker). */
function FakeEmojiButton({ onPick }: { onPick: (emoji: string) => void; onClose: () => void }) {
  return (
    <>
      <button type="button" data-pick="🎉" onClick={() => onPick('🎉')}>
        party
      </button>
      <button type="button" data-pick="🚀" onClick={() => onPick('🚀')}>
        rocket
      </button>
    </>
  );
}

const none = () => null;
const slots: ReactionContext = {
  chatId: '',
  canReact: true,
  slots: { MessageReactions: none, QuickReactions: none, ReactionPicker: none, ReadReactions: none, EmojiButton: FakeEmojiButton },
};

it('inserts at the caret and reports the emoji sent', async () => {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0 });
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
  await act(async () => {
    root.render(
      <StoreProvider store={store}>
        <ReactionSlotsContext.Provider value={{ ...slots, chatId: chat.id }}>
          <Composer chatId={chat.id} autoFocus={false} />
        </ReactionSlotsContext.Provider>
      </StoreProvider>,
    );
  });
  const box = () => el.querySelector('textarea')!;
  const pick = (emoji: string) =>
    act(async () => {
      el.querySelector<HTMLButtonElement>(`[data-pick="${emoji}"]`)!.click();
    });
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(box(), 'see you there');
    box().dispatchEvent(new Event('input', { bubbles: true }));
  });

  // The caret after "see you": the emoji goes there, and the caret after it.
  box().setSelectionRange(7, 7);
  await pick('🎉');
  expect(box().value).toBe('see you🎉 there');
  expect(box().selectionStart).toBe(7 + '🎉'.length);
  // "there" selected: replaced.
  box().setSelectionRange(box().value.length - 5, box().value.length);
  await pick('🚀');
  expect(box().value).toBe('see you🎉 🚀');
  // The rocket is deleted again before sending: only the party is reported.
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(box(), 'see you🎉 soon');
    box().dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => {
    box().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
  await until(() => server.requests.some(([e]) => e === 'emoji:used'), 'emoji reported');
  expect(server.requests.find(([e]) => e === 'emoji:used')?.[1]).toEqual({ emoji: ['🎉'] });
  expect(server.stored.at(-1)?.content).toBe('see you🎉 soon');
});
