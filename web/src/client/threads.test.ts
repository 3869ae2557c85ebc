// Replies, quotes and threads in the state layer: the timeline without thread-only replies,
// reply previews following edits and deletions of what they answer (live and through the
// change feed), the window of older history around a message far back, thread replies
// arriving live, the followed threads' unread counts, and sends that keep their links through
// the outbox.
import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, settle, until } from './fakes';
import { isThreadOnly, mergeMessages, unreadCount } from './messages';
import { chatSummaries } from './selectors';
import { EMPTY_MESSAGES, withAroundPage, withWindowNewer } from './state';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import {
  EMPTY_FOLLOWED,
  excerptOf,
  followedUnread,
  threadReplies,
  timelineMessages,
  withFollowedPage,
  withFollowedRead,
  withFollowedReply,
  withReplyTargets,
} from './threads';
import type { Chat, ChatMessage, User, ViewMessage } from './types';

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

describe('the timeline', () => {
  it('leaves out thread-only replies, keeps those also sent to the chat, and does not count them unread', () => {
    const root = msg();
    const only = msg({ threadRootId: root.id, alsoToChat: false });
    const also = msg({ threadRootId: root.id, alsoToChat: true });
    const plain = msg();
    const items = [root, only, also, plain];
    expect(isThreadOnly(only)).toBe(true);
    expect(isThreadOnly(also)).toBe(false);
    expect(timelineMessages(items).map((m) => m.id)).toEqual([root.id, also.id, plain.id]);
    expect(unreadCount(items, 'me')).toBe(3);
    // Nothing to leave out: the same array.
    expect(timelineMessages([root, plain])).toEqual([root, plain]);
  });

  it('gives the chat list the last timeline message, not a thread-only reply', () => {
    const root = msg();
    const only = msg({ threadRootId: root.id, alsoToChat: false });
    const state = {
      auth: { status: 'authenticated' as const, token: 't', user: { id: 'me', name: 'Me', email: '' }, notice: null },
      chats: { c: { id: 'c', participants: ['me', 'bob'], createdAt: '', updatedAt: '' } },
      messages: { c: { ...EMPTY_MESSAGES, loaded: true, items: [root, only] } },
      users: {},
    };
    const [summary] = chatSummaries(state as unknown as Parameters<typeof chatSummaries>[0]);
    expect(summary?.last?.id).toBe(root.id);
    expect(summary?.unread).toBe(1);
  });
});

describe('reply previews', () => {
  it('follow an edit of the answered message, and its deletion (the quote goes)', () => {
    const original = msg({ content: 'the original text' });
    const reply = msg({
      replyToId: original.id,
      replyTo: { id: original.id, senderId: 'bob', senderName: 'Bob', excerpt: 'the original text', deleted: false },
      quote: 'original',
    });
    const other = msg();
    const items = [original, reply, other];
    const edited = withReplyTargets(items, new Map([[original.id, { content: 'the edited original', deleted: false }]]));
    expect(edited[1]?.replyTo?.excerpt).toBe('the edited original');
    expect(edited[1]?.quote).toBe('original');
    expect(edited[2]).toBe(other);
    const deleted = withReplyTargets(edited, new Map([[original.id, { content: '', deleted: true }]]));
    expect(deleted[1]?.replyTo).toMatchObject({ deleted: true, excerpt: '' });
    expect(deleted[1]?.quote).toBeUndefined();
    // Nothing that answers a changed message: the same array.
    expect(withReplyTargets(items, new Map([['nobody', { content: 'x', deleted: false }]]))).toBe(items);
  });

  it('cut the excerpt at 160 code points, as the server does', () => {
    const long = '😀'.repeat(200);
    expect([...excerptOf(long)].length).toBe(160);
    expect(excerptOf('short')).toBe('short');
  });
});

describe('the window of older history', () => {
  it('is kept apart from the newest messages until a newer page reaches them', () => {
    const newest = [msg({ seq: 100 }), msg({ seq: 101 })];
    const st = { ...EMPTY_MESSAGES, loaded: true, items: newest, syncedSeq: 101 };
    const around = [msg({ seq: 10 }), msg({ seq: 11 }), msg({ seq: 12 })];
    const apart = withAroundPage(st, around);
    expect(apart.items).toBe(newest);
    expect(apart.window?.items.map((m) => m.seq)).toEqual([10, 11, 12]);
    expect(apart.window?.hasOlder).toBe(true);
    // A full page that still leaves a gap stays apart; a short one reached the newest.
    const still = withWindowNewer(apart, [msg({ seq: 13 }), msg({ seq: 14 })], 2);
    expect(still.window?.items.length).toBe(5);
    const joined = withWindowNewer(still, [msg({ seq: 15 })], 2);
    expect(joined.window).toBeNull();
    expect(joined.items.map((m) => m.seq)).toEqual([10, 11, 12, 13, 14, 15, 100, 101]);
  });

  it('joins at once when the page around reaches the messages held', () => {
    const st = { ...EMPTY_MESSAGES, loaded: true, items: [msg({ seq: 20 }), msg({ seq: 21 })], syncedSeq: 21 };
    const next = withAroundPage(st, [msg({ seq: 18 }), msg({ seq: 19 })]);
    expect(next.window).toBeNull();
    expect(next.items.map((m) => m.seq)).toEqual([18, 19, 20, 21]);
  });
});

describe('merging copies', () => {
  it('keeps the larger thread summary and an answered message\'s deletion over an older copy', () => {
    const root = msg({ thread: { replyCount: 3, lastReplyAt: null, participants: ['bob'] } });
    const older = { ...root, thread: { replyCount: 1, lastReplyAt: null, participants: ['bob'] } };
    expect(mergeMessages([root], [older])[0]?.thread?.replyCount).toBe(3);
    const reply = msg({ replyToId: root.id, replyTo: { id: root.id, senderId: 'bob', senderName: 'Bob', excerpt: '', deleted: true } });
    const stale = { ...reply, replyTo: { ...reply.replyTo!, excerpt: 'old text', deleted: false }, quote: 'old' };
    const merged = mergeMessages([reply], [stale])[0];
    expect(merged?.replyTo?.deleted).toBe(true);
    expect(merged?.quote).toBeUndefined();
  });
});

describe('followed threads', () => {
  it('count replies from others, and reading clears them', () => {
    const root = msg({ thread: { replyCount: 1, lastReplyAt: null, participants: [] } });
    let f = withFollowedPage(EMPTY_FOLLOWED, [{ chatId: 'c', root, readSeq: root.seq, unread: 0 }], null, true);
    const reply = msg({ threadRootId: root.id });
    f = withFollowedReply(f, reply);
    f = withFollowedReply(f, msg({ threadRootId: root.id }));
    expect(followedUnread(f)).toBe(2);
    // An old reply (already read) does not count.
    expect(followedUnread(withFollowedReply(f, { ...reply, seq: 0 }))).toBe(2);
    f = withFollowedRead(f, root.id, reply.seq + 1, 0);
    expect(followedUnread(f)).toBe(0);
    // A read position older than the one held changes nothing.
    expect(withFollowedRead(f, root.id, 1, 5)).toBe(f);
  });

  it('show a thread its fetched replies with the chat\'s own (pending included), hidden ones left out', () => {
    const root = msg();
    const fetched = msg({ threadRootId: root.id });
    const live = msg({ threadRootId: root.id });
    const hidden = msg({ threadRootId: root.id, hidden: true });
    const pending: ViewMessage = { ...msg({ threadRootId: root.id, clientMessageId: 'c1' }), id: 'local:c1', seq: 0, pending: true };
    const thread = { chatId: 'c', root, replies: [fetched, hidden], loaded: true, hasOlder: false, loadingOlder: false };
    expect(threadReplies(thread, [root, live, msg(), pending], root.id).map((m) => m.id)).toEqual([fetched.id, live.id, pending.id]);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the store, against the fake server.

interface World {
  server: FakeServer;
  store: ChatStore;
  me: User;
  bob: User;
  chat: Chat;
}

async function world(seed?: (server: FakeServer, chat: Chat, me: User, bob: User) => void): Promise<World> {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  seed?.(server, chat, me, bob);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0, pageSize: 5 });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  return { server, store, me, bob, chat };
}

const itemsOf = (w: World) => w.store.getState().messages[w.chat.id]?.items ?? [];

describe('replies through the store', () => {
  it('sends a reply with its quote, shows its preview at once, and updates it when the original is edited', async () => {
    const w = await world((server, chat, _me, bob) => {
      server.store(chat.id, bob.id, 'Shall we meet at the station at noon?');
    });
    const original = itemsOf(w)[0]!;
    w.store.send(w.chat.id, 'Yes', { replyToId: original.id, quote: 'at the station' });
    const pending = itemsOf(w).find((m) => m.content === 'Yes');
    expect(pending?.replyTo).toMatchObject({ id: original.id, senderName: 'Bob', excerpt: original.content });
    await until(() => itemsOf(w).some((m) => m.content === 'Yes' && !m.pending), 'reply stored');
    const sent = w.server.requests.find(([e]) => e === 'message')?.[1];
    expect(sent).toMatchObject({ replyToId: original.id, quote: 'at the station' });
    // Bob edits the original: the reply's preview follows.
    const edited = w.server.lifecycle.edit(w.bob.id, original.id, 'Shall we meet at the station at one?');
    w.server.push({ type: 'edited', message: edited });
    const reply = itemsOf(w).find((m) => m.content === 'Yes');
    expect(reply?.replyTo?.excerpt).toBe('Shall we meet at the station at one?');
    expect(reply?.quote).toBe('at the station');
    // And deletes it: "deleted", the quote gone.
    w.server.push({ type: 'deleted', event: { chatId: w.chat.id, messageIds: [original.id], deletedBy: w.bob.id, deletedAt: w.server.tick(), changeSeq: 99 } });
    const after = itemsOf(w).find((m) => m.content === 'Yes');
    expect(after?.replyTo?.deleted).toBe(true);
    expect(after?.quote).toBeUndefined();
  });

  it('keeps a reply\'s links when it waits in the outbox offline', async () => {
    const w = await world((server, chat, _me, bob) => {
      server.store(chat.id, bob.id, 'root message');
    });
    const root = itemsOf(w)[0]!;
    w.server.drop();
    w.store.send(w.chat.id, 'in the thread', { threadRootId: root.id });
    w.store.send(w.chat.id, 'answer', { replyToId: root.id, quote: 'root' });
    expect(w.store.outboxItems().map((i) => [i.threadRootId, i.replyToId, i.quote])).toEqual([
      [root.id, undefined, undefined],
      [undefined, root.id, 'root'],
    ]);
    // The thread reply waits in its thread, not in the timeline.
    expect(timelineMessages(itemsOf(w)).map((m) => m.content)).toEqual(['root message', 'answer']);
    w.server.restore();
    await until(() => w.store.outboxItems().length === 0, 'outbox sent');
    const sent = w.server.requests.filter(([e]) => e === 'message').map(([, p]) => p);
    expect(sent).toMatchObject([
      { content: 'in the thread', threadRootId: root.id },
      { content: 'answer', replyToId: root.id, quote: 'root' },
    ]);
    expect(w.server.stored.find((m) => m.content === 'in the thread')?.threadRootId).toBe(root.id);
  });

  it('loads the page around an original far back as a window, and joins it to the newest when scrolled down', async () => {
    const w = await world((server, chat, _me, bob) => {
      for (let i = 1; i <= 30; i++) server.store(chat.id, bob.id, `old ${i}`);
    });
    const target = w.server.stored.find((m) => m.content === 'old 3')!;
    expect(await w.store.loadAround(w.chat.id, target.id)).toBe(true);
    const st = w.store.getState().messages[w.chat.id]!;
    expect(st.window?.items.some((m) => m.id === target.id)).toBe(true);
    expect(st.items.some((m) => m.id === target.id)).toBe(false);
    for (let i = 0; i < 10 && w.store.getState().messages[w.chat.id]?.window; i++) await w.store.loadWindow(w.chat.id, false);
    const joined = w.store.getState().messages[w.chat.id]!;
    expect(joined.window).toBeNull();
    const seqs = joined.items.map((m) => m.seq);
    expect(seqs[seqs.length - 1]).toBe(30);
    expect(seqs.every((x, i) => i === 0 || x === (seqs[i - 1] ?? 0) + 1)).toBe(true);
    expect(seqs[0]).toBeLessThanOrEqual(target.seq);
  });
});

describe('threads through the store', () => {
  it('counts replies from others in followed threads, not in the chat\'s unread, and reading clears them', async () => {
    const w = await world((server, chat, me) => {
      server.store(chat.id, me.id, 'my root');
    });
    const root = itemsOf(w)[0]!;
    // Bob replies in the thread of Me's message (Me follows it, being its author).
    const first = w.server.storeLinked(w.chat.id, w.bob.id, 'reply 1', { threadRootId: root.id });
    w.server.push({ type: 'message', message: { ...first } });
    // The list did not show the thread yet: it is asked for again.
    await until(() => w.store.slices.followed.get().threads.length === 1, 'thread listed', 5000);
    expect(w.store.slices.followed.get().threads[0]?.unread).toBe(1);
    const second = w.server.storeLinked(w.chat.id, w.bob.id, 'reply 2', { threadRootId: root.id });
    w.server.push({ type: 'message', message: { ...second } });
    // The same message heard twice counts once.
    w.server.push({ type: 'message', message: { ...second } });
    expect(followedUnread(w.store.slices.followed.get())).toBe(2);
    expect(w.store.slices.chatList.get().summaries[w.chat.id]?.unread).toBe(0);
    expect(timelineMessages(itemsOf(w)).map((m) => m.content)).toEqual(['my root']);
    // The summary on the root follows thread:updated.
    w.server.push({ type: 'thread_updated', event: { chatId: w.chat.id, rootId: root.id, thread: { replyCount: 2, lastReplyAt: second.createdAt, participants: [w.bob.id] }, changeSeq: 2 } });
    expect(itemsOf(w)[0]?.thread?.replyCount).toBe(2);
    // Opening the thread shows its replies; reading it clears the count.
    await w.store.threads.open(w.chat.id, root.id);
    const t = w.store.slices.threads.entry(root.id);
    expect(threadReplies(t, itemsOf(w), root.id).map((m) => m.content)).toEqual(['reply 1', 'reply 2']);
    w.store.threads.markRead(root.id, second.seq);
    await until(() => followedUnread(w.store.slices.followed.get()) === 0, 'read');
    expect(w.server.requests.filter(([e]) => e === 'thread:read')).toEqual([['thread:read', { rootId: root.id, seq: second.seq }]]);
    // Reading the same position again sends nothing.
    w.store.threads.markRead(root.id, second.seq);
    await settle();
    expect(w.server.requests.filter(([e]) => e === 'thread:read').length).toBe(1);
  });

  it('hears another device read a thread, and unfollowing takes it out of the list', async () => {
    const w = await world((server, chat, me, bob) => {
      const [root] = server.store(chat.id, me.id, 'root');
      server.storeLinked(chat.id, bob.id, 'r1', { threadRootId: root.id });
    });
    await until(() => w.store.slices.followed.get().loaded, 'list loaded');
    const listed = w.store.slices.followed.get().threads[0]!;
    expect(listed.unread).toBe(1);
    w.server.push({ type: 'thread_read', event: { chatId: w.chat.id, rootId: listed.root.id, thread: listed.root.thread!, changeSeq: 1, readSeq: 2, unread: 0 } });
    expect(followedUnread(w.store.slices.followed.get())).toBe(0);
    expect(w.store.threads.following(listed.root.id)).toBe(true);
    await w.store.threads.follow(listed.root.id, false);
    expect(w.store.slices.followed.get().threads).toEqual([]);
    expect(w.store.threads.following(listed.root.id)).toBe(false);
  });

  it('updates a thread\'s replies and the previews in it when messages are edited or deleted', async () => {
    const w = await world((server, chat, me, bob) => {
      const [root] = server.store(chat.id, me.id, 'root');
      const r1 = server.storeLinked(chat.id, bob.id, 'first reply', { threadRootId: root.id });
      server.storeLinked(chat.id, me.id, 'answering it', { threadRootId: root.id, replyToId: r1.id });
      for (let i = 0; i < 6; i++) server.store(chat.id, bob.id, `later ${i}`);
    });
    const root = w.server.stored[0]!;
    await w.store.threads.open(w.chat.id, root.id);
    const r1 = w.server.stored.find((m) => m.content === 'first reply')!;
    // Too old for the chat's newest page: held in the thread only.
    expect(itemsOf(w).some((m) => m.id === r1.id)).toBe(false);
    const edited = w.server.lifecycle.edit(w.bob.id, r1.id, 'first reply, edited');
    w.server.push({ type: 'edited', message: edited });
    const replies = () => threadReplies(w.store.slices.threads.entry(root.id), itemsOf(w), root.id);
    expect(replies().map((m) => m.content)).toEqual(['first reply, edited', 'answering it']);
    expect(replies()[1]?.replyTo?.excerpt).toBe('first reply, edited');
    w.server.push({ type: 'deleted', event: { chatId: w.chat.id, messageIds: [r1.id], deletedBy: w.bob.id, deletedAt: w.server.tick(), changeSeq: 5 } });
    expect(replies()[0]?.deleted).toBe(true);
    expect(replies()[1]?.replyTo?.deleted).toBe(true);
  });
});
