// Reactions in the state layer: message:reactions applied with the user's own `me` kept (and
// set by their other devices), copies sent to the whole chat and older copies leaving the
// reactions held, the change feed's copies bringing them, the user's own reactions shown at once
// and put back (with a toast in words) when the server refuses, unread reactions per chat
// (loaded at connect, followed live, cleared when looked at), the most used emoji and the emoji
// reported after sending.
import { afterEach, describe, expect, it } from 'vitest';

import { RequestError } from './errors';
import { ReactionServer } from './fake-reactions';
import { settle, until } from './fakes';
import { withChangePage } from './lifecycle';
import { mergeMessages } from './messages';
import {
  keptEmoji,
  quickReactions,
  reactionErrorText,
  shownReactions,
  withFrequentUse,
  withOwnReaction,
  withReactionsAck,
  withReactionsEvent,
  withoutReactions,
} from './reactions';
import { EMPTY_MESSAGES } from './state';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, ChatMessage, Reaction, ReactionsEvent, User, ViewMessage } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

let n = 0;
function msg(extra: Partial<ChatMessage> = {}): ViewMessage {
  n++;
  return {
    id: `m${n}`,
    chatId: 'c',
    senderId: 'bob',
    content: `text ${n}`,
    status: 'SENT',
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq: n,
    clientMessageId: null,
    ...extra,
  };
}

function event(m: ChatMessage, extra: Partial<ReactionsEvent>): ReactionsEvent {
  return { chatId: m.chatId, messageId: m.id, reactions: [], userId: 'bob', emoji: '👍', added: true, changeSeq: 1, ...extra };
}

const r = (emoji: string, count: number, me = false): Reaction => ({ emoji, count, me });

describe('a message after message:reactions', () => {
  it('takes the counts and keeps the user’s own for the emoji someone else changed', () => {
    const m = msg({ reactions: [r('👍', 1, true), r('❤️', 1)], changeSeq: 3 });
    const after = withReactionsEvent(
      m,
      event(m, { userId: 'carol', emoji: '👍', added: true, reactions: [{ emoji: '👍', count: 2 }, { emoji: '❤️', count: 1 }], changeSeq: 4 }),
      'me',
    );
    expect(after.reactions).toEqual([r('👍', 2, true), r('❤️', 1)]);
    expect(after.changeSeq).toBe(4);
  });

  it('sets or clears the user’s own when they are the one who reacted (another device, or this one)', () => {
    const m = msg({ reactions: [r('❤️', 1)] });
    const on = withReactionsEvent(m, event(m, { userId: 'me', emoji: '❤️', reactions: [{ emoji: '❤️', count: 2 }], changeSeq: 1 }), 'me');
    expect(on.reactions).toEqual([r('❤️', 2, true)]);
    const off = withReactionsEvent(on, event(m, { userId: 'me', emoji: '❤️', added: false, reactions: [{ emoji: '❤️', count: 1 }], changeSeq: 2 }), 'me');
    expect(off.reactions).toEqual([r('❤️', 1, false)]);
    // A new emoji of someone else's is not the user's.
    const other = withReactionsEvent(off, event(m, { userId: 'bob', emoji: '🎉', reactions: [{ emoji: '❤️', count: 1 }, { emoji: '🎉', count: 1 }], changeSeq: 3 }), 'me');
    expect(other.reactions).toEqual([r('❤️', 1), r('🎉', 1)]);
  });

  it('ignores an event no newer than the message held, and a deleted message', () => {
    const m = msg({ reactions: [r('👍', 2)], changeSeq: 5 });
    expect(withReactionsEvent(m, event(m, { reactions: [{ emoji: '👍', count: 1 }], changeSeq: 5 }), 'me')).toBe(m);
    const gone = msg({ deleted: true, reactions: [] });
    expect(withReactionsEvent(gone, event(gone, { reactions: [{ emoji: '👍', count: 1 }], changeSeq: 9 }), 'me')).toBe(gone);
  });

  it('old messages without reactions show none; a deleted one none either', () => {
    expect(shownReactions(msg())).toEqual([]);
    expect(shownReactions(msg({ deleted: true, reactions: [r('👍', 1)] }))).toEqual([]);
  });
});

describe('copies of a message', () => {
  it('one sent to the whole chat (an edit) leaves the reactions and the user’s own as held', () => {
    const held = msg({ reactions: [r('👍', 2, true)], changeSeq: 4 });
    const edited: ChatMessage = { ...held, content: 'new', editCount: 1, changeSeq: 5, reactions: [r('👍', 2, false)] };
    const [after] = mergeMessages([held], [withoutReactions(edited)]);
    expect(after?.content).toBe('new');
    expect(after?.reactions).toEqual([r('👍', 2, true)]);
    expect(after?.changeSeq).toBe(5);
  });

  it('an older one (a page read before the reaction) does not undo it; a newer one (the change feed) brings it', () => {
    const held = msg({ reactions: [r('👍', 2, true)], changeSeq: 6 });
    const older: ChatMessage = { ...held, reactions: [r('👍', 1, false)], changeSeq: 4 };
    expect(mergeMessages([held], [older])[0]?.reactions).toEqual([r('👍', 2, true)]);
    // Away, the user took theirs back on another device and Carol added hers: the feed says so.
    const st = { ...EMPTY_MESSAGES, loaded: true, items: [held], changeSeq: 6 };
    const fed = withChangePage(st, { messages: [{ ...held, reactions: [r('👍', 2, false), r('🎉', 1, true)], changeSeq: 8 }], hidden: [], until: 8, more: false });
    expect(fed.items[0]?.reactions).toEqual([r('👍', 2, false), r('🎉', 1, true)]);
    expect(fed.changeSeq).toBe(8);
  });

  it('a deletion for everyone takes the reactions away', () => {
    const held = msg({ reactions: [r('👍', 2, true)], changeSeq: 2 });
    const [after] = mergeMessages([held], [{ ...held, deleted: true, content: '', changeSeq: 3, reactions: [] }]);
    expect(after?.reactions).toEqual([]);
  });
});

describe('the user’s own reactions, pure', () => {
  it('shows changes on their way: put on counts one more, taken back one less (gone at zero)', () => {
    const list = [r('👍', 1, true), r('❤️', 2)];
    expect(withOwnReaction(list, '❤️', true)).toEqual([r('👍', 1, true), r('❤️', 3, true)]);
    expect(withOwnReaction(list, '👍', false)).toEqual([r('❤️', 2)]);
    expect(withOwnReaction(list, '🎉', true)).toEqual([...list, r('🎉', 1, true)]);
    expect(withOwnReaction(list, '👍', true)).toBe(list);
    expect(shownReactions(msg({ reactions: list }), { '❤️': true, '👍': false })).toEqual([r('❤️', 3, true)]);
  });

  it('an acknowledgement replaces the reactions unless an event came meanwhile', () => {
    const m = msg({ reactions: [r('👍', 1)], changeSeq: 2 });
    const ack = { added: true, reactions: [r('👍', 2, true)] };
    expect(withReactionsAck(m, ack, '👍', 2).reactions).toEqual([r('👍', 2, true)]);
    // Carol's event (changeSeq 3) came first: only the user's own is made sure of.
    const later = { ...m, reactions: [r('👍', 2)], changeSeq: 3 };
    expect(withReactionsAck(later, ack, '👍', 2).reactions).toEqual([r('👍', 3, true)]);
    // The event of this very change came first: nothing to add.
    const own = { ...m, reactions: [r('👍', 2, true)], changeSeq: 3 };
    expect(withReactionsAck(own, ack, '👍', 2)).toBe(own);
  });

  it('says what a refusal means in words', () => {
    const limit = new RequestError('reaction_limit', 'At most 3 reactions of yours and 20 different ones on a message');
    const mine = [r('👍', 1, true), r('❤️', 1, true), r('😂', 2, true)];
    expect(reactionErrorText(limit, { reactions: mine, emoji: '🎉' })).toBe(
      'You can put at most 3 reactions on a message. Take one of yours back to add another.',
    );
    const many = Array.from({ length: 20 }, (_, i) => r(String.fromCodePoint(0x1f600 + i), 1));
    expect(reactionErrorText(limit, { reactions: many, emoji: '🎉' })).toMatch(/^This message has 20 different reactions/);
    expect(reactionErrorText(new RequestError('rate_limited', 'Too many reactions; slow down'), { reactions: [], emoji: '👍' })).toMatch(/too fast/);
    expect(reactionErrorText(new RequestError('disconnected', 'Not connected'), { reactions: [], emoji: '👍' })).toMatch(/not connected/);
  });

  it('offers the most used first, then the defaults, six in all', () => {
    expect(quickReactions([])).toEqual(['👍', '❤️', '😂', '😮', '😢', '🙏']);
    const used = [
      { emoji: '🎉', uses: 5, lastUsedAt: '' },
      { emoji: '👍', uses: 3, lastUsedAt: '' },
    ];
    expect(quickReactions(used)).toEqual(['🎉', '👍', '❤️', '😂', '😮', '😢']);
    expect(withFrequentUse(used, ['👍', '👍', '👍'], 'z').map((f) => f.emoji)).toEqual(['👍', '🎉']);
  });

  it('reports the emoji picked that are still in the text sent', () => {
    expect(keptEmoji(['🎉', '😀', '🎉'], 'party 🎉 now')).toEqual(['🎉']);
    expect(keptEmoji(['🎉', '🎉'], '🎉🎉 and 😀')).toEqual(['🎉', '🎉']);
    expect(keptEmoji(['😀'], 'gone')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The store against the fake server

interface World {
  server: ReactionServer;
  store: ChatStore;
  me: User;
  bob: User;
  carol: User;
  chat: Chat;
}

async function world(seed?: (server: ReactionServer, chat: Chat, me: User, bob: User) => void): Promise<World> {
  const server = new ReactionServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const carol = server.addUser('Carol');
  const chat = server.addGroup('Trip', [me.id, bob.id, carol.id]);
  seed?.(server, chat, me, bob);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0, pageSize: 20 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  return { server, store, me, bob, carol, chat };
}

function held(w: World, id: string): ViewMessage | undefined {
  return w.store.getState().messages[w.chat.id]?.items.find((m) => m.id === id);
}

/** What the message shows: the held reactions with the user's changes on their way. */
function shown(w: World, id: string): Reaction[] {
  const m = held(w, id);
  return m ? shownReactions(m, w.store.reactions.pending.entry(id)) : [];
}

describe('reactions in the store', () => {
  it('shows others’ reactions live, the user’s own at once, and keeps `me` through others’ events', async () => {
    const w = await world((s, chat, _me, bob) => void s.store(chat.id, bob.id, 'Dinner at eight?'));
    const m = w.server.stored[0]!;
    w.server.react(w.bob.id, m.id, '👍');
    expect(shown(w, m.id)).toEqual([r('👍', 1)]);

    // The user's own: shown before the server answers.
    w.server.reactGate = [];
    const done = w.store.reactions.toggle(w.chat.id, m.id, '👍');
    expect(shown(w, m.id)).toEqual([r('👍', 2, true)]);
    w.server.reactGate.shift()?.();
    w.server.reactGate = null;
    expect(await done).toBe(true);
    expect(shown(w, m.id)).toEqual([r('👍', 2, true)]);
    expect(w.store.reactions.pending.entry(m.id)).toBeUndefined();
    expect(w.server.requests).toContainEqual(['message:react', { messageId: m.id, emoji: '👍', on: true }]);

    // Carol adds one: the count rises, the user's own stays theirs.
    w.server.react(w.carol.id, m.id, '👍');
    w.server.react(w.carol.id, m.id, '❤️');
    expect(shown(w, m.id)).toEqual([r('👍', 3, true), r('❤️', 1)]);

    // Taken back: the count falls, not the user's any more.
    expect(await w.store.reactions.toggle(w.chat.id, m.id, '👍')).toBe(true);
    expect(shown(w, m.id)).toEqual([r('👍', 2), r('❤️', 1)]);
    // Each change is one of the chat's: the changeSeq held follows.
    expect(w.store.getState().messages[w.chat.id]?.changeSeq).toBe(w.server.chatList[0]?.changeSeq);
  });

  it('follows the user’s reactions from their other devices', async () => {
    const w = await world((s, chat, _me, bob) => void s.store(chat.id, bob.id, 'Photos are up'));
    const m = w.server.stored[0]!;
    w.server.react(w.me.id, m.id, '😂'); // from the user's phone
    expect(shown(w, m.id)).toEqual([r('😂', 1, true)]);
    w.server.react(w.bob.id, m.id, '😂');
    expect(shown(w, m.id)).toEqual([r('😂', 2, true)]);
    w.server.react(w.me.id, m.id, '😂');
    expect(shown(w, m.id)).toEqual([r('😂', 1, false)]);
    expect(w.server.requests.filter(([e]) => e === 'message:react')).toEqual([]);
  });

  it('keeps the user’s own through an edit sent to the whole chat', async () => {
    const w = await world((s, chat, _me, bob) => void s.store(chat.id, bob.id, 'See you at 8'));
    const m = w.server.stored[0]!;
    await w.store.reactions.toggle(w.chat.id, m.id, '👍');
    const edited = { ...w.server.seenBy(m, ''), content: 'See you at 9', editCount: 1, changeSeq: (m.changeSeq ?? 0) + 1 };
    w.server.push({ type: 'edited', message: edited });
    expect(held(w, m.id)?.content).toBe('See you at 9');
    expect(shown(w, m.id)).toEqual([r('👍', 1, true)]);
  });

  it('puts the reaction back and says why when the server refuses it', async () => {
    const w = await world((s, chat, me, bob) => {
      const [m] = s.store(chat.id, bob.id, 'Vote!');
      for (const e of ['👍', '❤️', '😂']) s.react(me.id, m.id, e);
    });
    const m = w.server.stored[0]!;
    expect(shown(w, m.id)).toEqual([r('👍', 1, true), r('❤️', 1, true), r('😂', 1, true)]);
    expect(await w.store.reactions.toggle(w.chat.id, m.id, '🎉')).toBe(false);
    expect(shown(w, m.id)).toEqual([r('👍', 1, true), r('❤️', 1, true), r('😂', 1, true)]);
    expect(w.store.getState().toast?.text).toBe('You can put at most 3 reactions on a message. Take one of yours back to add another.');
  });

  it('with the server’s limits known, says so at once and asks nothing', async () => {
    const w = await world((s, chat, me, bob) => {
      const [m] = s.store(chat.id, bob.id, 'Vote again!');
      for (const e of ['👍', '❤️', '😂']) s.react(me.id, m.id, e);
    });
    w.store.reactions.setLimits({ maxReactionsPerUser: 3, maxDistinctReactions: 20 });
    const m = w.server.stored[0]!;
    const asked = w.server.requests.length;
    expect(await w.store.reactions.toggle(w.chat.id, m.id, '🎉')).toBe(false);
    expect(w.server.requests.length).toBe(asked);
    expect(w.store.getState().toast?.text).toBe('You can put at most 3 reactions on a message. Take one of yours back to add another.');
    // Taking one back is always possible, and then another goes on.
    expect(await w.store.reactions.toggle(w.chat.id, m.id, '😂')).toBe(true);
    expect(await w.store.reactions.toggle(w.chat.id, m.id, '🎉')).toBe(true);
    expect(shown(w, m.id)).toEqual([r('👍', 1, true), r('❤️', 1, true), r('🎉', 1, true)]);
  });

  it('rolls back only the user’s own change when others reacted while it was on its way', async () => {
    const w = await world((s, chat, _me, bob) => void s.store(chat.id, bob.id, 'Lunch?'));
    const m = w.server.stored[0]!;
    w.server.reactGate = [];
    w.server.failReacts = [new RequestError('rate_limited', 'Too many reactions; slow down')];
    const done = w.store.reactions.toggle(w.chat.id, m.id, '🍕');
    expect(shown(w, m.id)).toEqual([r('🍕', 1, true)]);
    // Bob's pizza arrives meanwhile: the user's still shows, counted once more.
    w.server.react(w.bob.id, m.id, '🍕');
    expect(shown(w, m.id)).toEqual([r('🍕', 2, true)]);
    w.server.reactGate.shift()?.();
    w.server.reactGate = null;
    expect(await done).toBe(false);
    expect(shown(w, m.id)).toEqual([r('🍕', 1, false)]);
    expect(w.store.getState().toast?.text).toMatch(/too fast/);
  });

  it('a quick second tap wins over the first one’s answer', async () => {
    const w = await world((s, chat, _me, bob) => void s.store(chat.id, bob.id, 'Tap tap'));
    const m = w.server.stored[0]!;
    w.server.reactGate = [];
    const first = w.store.reactions.toggle(w.chat.id, m.id, '👍');
    const second = w.store.reactions.toggle(w.chat.id, m.id, '👍');
    expect(shown(w, m.id)).toEqual([]);
    while (w.server.reactGate.length > 0) w.server.reactGate.shift()?.();
    w.server.reactGate = null;
    await Promise.all([first, second]);
    expect(shown(w, m.id)).toEqual([]);
    expect(w.server.requests.filter(([e]) => e === 'message:react').map(([, p]) => (p as { on: boolean }).on)).toEqual([true, false]);
  });

  it('loads the unread reactions at connect, follows them live, and clears them when the user looks', async () => {
    const w = await world((s, chat, me, bob) => {
      const [mine] = s.store(chat.id, me.id, 'My holiday photos');
      s.react(bob.id, mine.id, '❤️');
    });
    await until(() => w.store.reactions.unread.entry(w.chat.id) === 1, 'unread loaded');
    const mine = w.server.stored[0]!;
    w.server.react(w.carol.id, mine.id, '😮');
    expect(w.store.reactions.unread.entry(w.chat.id)).toBe(2);
    // Carol takes hers back: no longer news.
    w.server.react(w.carol.id, mine.id, '😮');
    expect(w.store.reactions.unread.entry(w.chat.id)).toBe(1);

    w.store.reactions.markRead(w.chat.id);
    expect(w.store.reactions.unread.entry(w.chat.id)).toBe(0);
    await settle();
    expect(w.server.requests).toContainEqual(['reactions:read', { chatId: w.chat.id }]);
    // Nothing unread: nothing more to send.
    w.store.reactions.markRead(w.chat.id);
    expect(w.server.requests.filter(([e]) => e === 'reactions:read')).toHaveLength(1);

    // Read on another device: reactions:unread 0 reaches this one.
    w.server.react(w.bob.id, mine.id, '👍');
    expect(w.store.reactions.unread.entry(w.chat.id)).toBe(1);
    w.server.push({ type: 'reactions_unread', event: { chatId: w.chat.id, count: 0 } });
    expect(w.store.reactions.unread.entry(w.chat.id)).toBe(0);
  });

  it('loads the most used emoji, and reports the emoji sent once connected', async () => {
    const w = await world((s, chat, me, bob) => {
      const [m] = s.store(chat.id, bob.id, 'Hi');
      s.react(me.id, m.id, '🎉');
    });
    await until(() => w.store.reactions.frequent.get().length === 1, 'most used loaded');
    expect(quickReactions(w.store.reactions.frequent.get())[0]).toBe('🎉');

    w.server.drop();
    w.store.reactions.reportUsed(['🚀', '🚀']);
    expect(quickReactions(w.store.reactions.frequent.get()).slice(0, 2)).toEqual(['🚀', '🎉']);
    await settle();
    expect(w.server.requests.filter(([e]) => e === 'emoji:used')).toEqual([]);
    w.server.restore();
    await until(() => w.server.requests.some(([e]) => e === 'emoji:used'), 'emoji reported');
    expect(w.server.requests.find(([e]) => e === 'emoji:used')?.[1]).toEqual({ emoji: ['🚀', '🚀'] });
  });

  it('lists who reacted, a page at a time', async () => {
    const w = await world((s, chat, me, bob) => {
      const [m] = s.store(chat.id, me.id, 'Who is coming?');
      s.react(bob.id, m.id, '👍');
    });
    const m = w.server.stored[0]!;
    w.server.react(w.carol.id, m.id, '👍');
    const page = await w.store.reactions.reactors(m.id, '👍');
    expect(page.reactors.map((x) => x.name)).toEqual(['Bob', 'Carol']);
    expect(page.next).toBeNull();
  });
});
