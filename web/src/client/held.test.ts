// Messages held for a moderator's review, as this device keeps them (held.ts, slices/held.ts):
// the pure rules (what storage may hold, the newest kept and the oldest dropped, the list
// following the chats' messages: delivered ones go, rejected ones are marked), the slice in
// storage, and the store against the fake server: a held message survives a reload as
// "Waiting for review" and becomes the delivered message once approved, live or found in the
// history caught up after the reload; a rejection marks it, and that survives a reload too; the
// user may remove a held one from this device (the server keeps it held); logout forgets them.
import { afterEach, describe, expect, it } from 'vitest';

import { emptyRuleForm, ruleSettings } from './automod';
import { FakeServer, settle, until } from './fakes';
import { HELD_KEPT, asHeld, isHeldItem, reconcileHeld, withHeldItem, type HeldItem } from './held';
import { MemoryOfflineCache, type OfflineCache } from './offline-cache';
import { HeldSlice, MessagesSlice } from './slices';
import { EMPTY_MESSAGES, type ChatMessagesState } from './state';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { ChatMessage, ViewMessage } from './types';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

const item = (id: string, extra: Partial<HeldItem> = {}): HeldItem => ({
  clientMessageId: id,
  chatId: 'c',
  content: `text ${id}`,
  createdAt: '2025-01-01T10:00:00.000Z',
  state: 'held',
  ...extra,
});

const message = (extra: Partial<ViewMessage>): ViewMessage => ({
  id: 'm1',
  chatId: 'c',
  senderId: 'me',
  content: 'text a',
  status: 'SENT',
  createdAt: '2025-01-01T10:05:00.000Z',
  isPinned: false,
  pinnedAt: null,
  pinnedBy: null,
  isForwarded: false,
  forwardedFromId: null,
  originalSenderId: null,
  seq: 7,
  clientMessageId: 'a',
  ...extra,
});

const chat = (items: ViewMessage[], extra: Partial<ChatMessagesState> = {}): ChatMessagesState => ({ ...EMPTY_MESSAGES, items, ...extra });

describe('held items', () => {
  it('reads back only what this version writes', () => {
    expect(isHeldItem(item('a'))).toBe(true);
    expect(isHeldItem(item('a', { state: 'rejected' }))).toBe(true);
    expect(isHeldItem({ ...item('a'), state: 'approved' })).toBe(false);
    const { state: _s, ...noState } = item('a');
    expect(isHeldItem(noState)).toBe(false);
    expect(isHeldItem({ ...item('a'), chatId: 7 })).toBe(false);
    expect(isHeldItem(null)).toBe(false);
  });

  it('keeps the newest, a held send held again once, and drops the oldest beyond the limit', () => {
    let list: HeldItem[] = [];
    for (let i = 0; i < HELD_KEPT + 1; i++) list = withHeldItem(list, item(`m${i}`));
    expect(list).toHaveLength(HELD_KEPT);
    expect(list[0]!.clientMessageId).toBe('m1');
    expect(list.at(-1)!.clientMessageId).toBe(`m${HELD_KEPT}`);

    const again = withHeldItem([item('a'), item('b')], item('a', { content: 'again' }), 2);
    expect(again.map((h) => [h.clientMessageId, h.content])).toEqual([
      ['b', 'text b'],
      ['a', 'again'],
    ]);
    expect(withHeldItem([item('a'), item('b')], item('c'), 2).map((h) => h.clientMessageId)).toEqual(['b', 'c']);
  });

  it('shows a held item as waiting for review, or rejected', () => {
    const pending = message({ id: 'local:a', seq: 0, pending: true });
    expect(asHeld(pending, 'held')).toMatchObject({ pending: false, failed: 'Waiting for review', refusal: 'held' });
    expect(asHeld(pending, 'rejected')).toMatchObject({ pending: false, failed: 'Rejected by a moderator', refusal: 'held_rejected' });
  });

  it('follows the chats\' messages: a delivered one goes, a rejected one is marked, the rest stay as they are', () => {
    const list = [item('a'), item('b'), item('c', { chatId: 'other' })];
    const waiting = (id: string) => asHeld(message({ id: `local:${id}`, seq: 0, clientMessageId: id }), 'held');
    // Nothing changed: the same list.
    expect(reconcileHeld(list, { c: chat([waiting('a'), waiting('b')]) })).toBe(list);
    expect(reconcileHeld(list, {})).toBe(list);
    // The stored copy of `a` (approved) came; `c`'s chat is not loaded.
    expect(reconcileHeld(list, { c: chat([message({ clientMessageId: 'a' }), waiting('b')]) }).map((h) => h.clientMessageId)).toEqual(['b', 'c']);
    // Found in a window of older history too.
    expect(
      reconcileHeld(list, { c: chat([waiting('b')], { window: { items: [message({})], hasOlder: false, loadingOlder: false, loadingNewer: false } }) }).map(
        (h) => h.clientMessageId,
      ),
    ).toEqual(['b', 'c']);
    // A moderator rejected `b`.
    const rejected = reconcileHeld(list, { c: chat([waiting('a'), asHeld(waiting('b'), 'rejected')]) });
    expect(rejected.map((h) => h.state)).toEqual(['held', 'rejected', 'held']);
    // A pending copy (not stored yet) changes nothing.
    expect(reconcileHeld(list, { c: chat([message({ id: 'local:a', pending: true, seq: 0 })]) })).toBe(list);
  });
});

describe('the held slice', () => {
  it('is kept in storage per user, at most its limit, and empties at logout', () => {
    const storage = new MemoryStorage();
    const messages = new MessagesSlice();
    const held = new HeldSlice(storage, messages, 2);
    held.add(item('x')); // closed: ignored
    expect(held.get()).toEqual([]);
    expect(held.open('u')).toEqual([]);
    held.add(item('a'));
    held.add(item('b'));
    held.add(item('c'));
    expect(held.get().map((h) => h.clientMessageId)).toEqual(['b', 'c']);
    expect((JSON.parse(storage.getItem('parley.held.u') ?? '[]') as HeldItem[]).map((h) => h.clientMessageId)).toEqual(['b', 'c']);
    held.close();
    expect(held.get()).toEqual([]);
    expect(held.open('u').map((h) => h.clientMessageId)).toEqual(['b', 'c']);
    expect(held.open('someone-else')).toEqual([]);
    held.open('u');
    held.remove('b');
    expect(held.get().map((h) => h.clientMessageId)).toEqual(['c']);
    held.remove('c');
    expect(storage.getItem('parley.held.u')).toBeNull();
    held.add(item('d'));
    held.clear();
    expect(held.get()).toEqual([]);
    expect(storage.getItem('parley.held.u')).toBeNull();
    // Damaged storage is ignored.
    storage.setItem('parley.held.u', '[{"clientMessageId":1}]');
    expect(held.open('u')).toEqual([]);
  });

  it('follows the messages slice: the stored copy (history or live) removes the item, a rejection marks it', () => {
    const storage = new MemoryStorage();
    const messages = new MessagesSlice();
    const held = new HeldSlice(storage, messages);
    held.open('me');
    held.add(item('a'));
    held.add(item('b'));
    messages.reset([], 'me', held.get());
    expect(messages.entry('c')!.items.map((m) => [m.id, m.refusal, m.failed])).toEqual([
      ['local:a', 'held', 'Waiting for review'],
      ['local:b', 'held', 'Waiting for review'],
    ]);
    messages.patch('c', (st) => ({ ...st, items: st.items.map((m) => (m.clientMessageId === 'b' ? asHeld(m, 'rejected') : m)) }));
    expect(held.get().map((h) => h.state)).toEqual(['held', 'rejected']);
    const stored: ChatMessage = message({ clientMessageId: 'a' });
    messages.patch('c', (st) => ({ ...st, items: [...st.items.filter((m) => m.clientMessageId !== 'a'), stored] }));
    expect(held.get().map((h) => h.clientMessageId)).toEqual(['b']);
    expect((JSON.parse(storage.getItem('parley.held.me') ?? '[]') as HeldItem[]).map((h) => [h.clientMessageId, h.state])).toEqual([['b', 'rejected']]);
  });
});

describe('the store', () => {
  const HELD = 'Cheap watches here';

  async function world(offlineCache?: OfflineCache) {
    const server = new FakeServer();
    const me = server.addUser('Me', true);
    const carol = server.addUser('Carol', true);
    const group = server.addGroup('Team', [carol.id, me.id]);
    server.store(group.id, carol.id, 'Welcome');
    await server.automod.addRule(`token-${carol.id}`, group.id, ruleSettings({ ...emptyRuleForm(), name: 'Ads', words: 'watches', action: 'hold' }));
    const storage = new MemoryStorage();
    const make = () => {
      const store = new ChatStore({
        api: server,
        realtime: server,
        storage,
        automodApi: server.automod,
        readDelayMs: 0,
        retryDelayMs: 0,
        ...(offlineCache ? { offlineCache } : {}),
      });
      stores.push(store);
      return store;
    };
    const store = make();
    await store.login(me.email, 'password');
    await until(() => store.getState().connection === 'connected', 'connected');
    const own = (s: ChatStore) => (s.getState().messages[group.id]?.items ?? []).filter((m) => m.senderId === me.id);
    const hold = async (text = HELD) => {
      store.send(group.id, text);
      await until(() => own(store).some((m) => m.content === text && m.refusal === 'held'), 'held');
      return own(store).find((m) => m.content === text)!;
    };
    let current = store;
    /** The page is reloaded: the current store goes, a new one starts from what storage kept. */
    const reload = () => {
      current.destroy();
      const again = make();
      current = again;
      const init = again.init();
      return { again, init };
    };
    const decide = (action: 'approve' | 'reject', i = 0) => server.automod.decideHit(`token-${carol.id}`, server.automod.hitsKept[i]!.id, action);
    return { server, storage, me, group, store, own, hold, reload, decide };
  }

  it('keeps a held message across a reload, waiting for review, until it is approved and delivered', async () => {
    const w = await world();
    const held = await w.hold();
    expect(w.store.slices.held.get()).toMatchObject([{ chatId: w.group.id, clientMessageId: held.clientMessageId, content: HELD, createdAt: held.createdAt, state: 'held' }]);

    const { again, init } = w.reload();
    // At once, before the server answers.
    expect(w.own(again)).toMatchObject([{ content: HELD, refusal: 'held', failed: 'Waiting for review', pending: false, clientMessageId: held.clientMessageId, createdAt: held.createdAt }]);
    await init;
    await until(() => again.getState().messages[w.group.id]?.loaded === true, 'loaded');
    await until(() => again.getState().connection === 'connected', 'connected');
    expect(w.own(again)).toMatchObject([{ content: HELD, refusal: 'held' }]);
    expect(again.outboxItems()).toEqual([]); // not sent again
    expect(w.server.requests.filter(([e]) => e === 'message')).toHaveLength(1);
    // Still neither retried nor discarded.
    again.retry(w.group.id, w.own(again)[0]!.id);
    again.discard(w.group.id, w.own(again)[0]!.id);
    expect(w.own(again)).toHaveLength(1);

    await w.decide('approve');
    await until(() => w.own(again)[0]?.refusal === undefined, 'delivered');
    expect(w.own(again)).toHaveLength(1);
    expect(w.own(again)[0]).toMatchObject({ content: HELD, clientMessageId: held.clientMessageId });
    expect(w.own(again)[0]!.id).not.toBe(held.id);
    expect(w.own(again)[0]!.pending).toBeFalsy();
    expect(w.own(again)[0]!.failed).toBeUndefined();
    expect(again.slices.held.get()).toEqual([]);
    expect(w.storage.getItem(`parley.held.${w.me.id}`)).toBeNull();
  });

  it('drops a held message approved while the page was away: the history caught up after the reload brings it', async () => {
    const w = await world();
    const held = await w.hold();
    w.server.drop();
    await w.decide('approve'); // the page is away: nobody hears it
    const { again, init } = w.reload();
    expect(w.own(again)[0]?.refusal).toBe('held');
    await init;
    await until(() => again.getState().messages[w.group.id]?.loaded === true, 'loaded');
    await until(() => again.slices.held.get().length === 0, 'forgotten');
    expect(w.own(again)).toHaveLength(1);
    expect(w.own(again)[0]).toMatchObject({ content: HELD, clientMessageId: held.clientMessageId });
    expect(w.own(again)[0]!.failed).toBeUndefined();
    expect(w.storage.getItem(`parley.held.${w.me.id}`)).toBeNull();

    const { again: last, init: started } = w.reload();
    expect(w.own(last)).toEqual([]); // nothing left to restore
    await started;
  });

  it('marks a held message rejected after the reload, and keeps it so across the next one until deleted', async () => {
    const w = await world();
    await w.hold();
    const { again, init } = w.reload();
    await init;
    await until(() => again.getState().connection === 'connected', 'connected');
    await w.decide('reject');
    await until(() => w.own(again)[0]?.refusal === 'held_rejected', 'rejected');
    expect(w.own(again)[0]!.failed).toBe('Rejected by a moderator');
    expect(again.slices.held.get()).toMatchObject([{ content: HELD, state: 'rejected' }]);

    const { again: last, init: started } = w.reload();
    expect(w.own(last)).toMatchObject([{ content: HELD, refusal: 'held_rejected', failed: 'Rejected by a moderator' }]);
    await started;
    await until(() => last.getState().messages[w.group.id]?.loaded === true, 'loaded');
    expect(w.own(last)).toMatchObject([{ refusal: 'held_rejected' }]);
    last.discard(w.group.id, w.own(last)[0]!.id);
    expect(w.own(last)).toEqual([]);
    expect(last.slices.held.get()).toEqual([]);
    expect(w.storage.getItem(`parley.held.${w.me.id}`)).toBeNull();
  });

  it('with several held in the chat, a rejection marks none (the notice names none of them), and both stay', async () => {
    const w = await world();
    await w.hold('watches one');
    await w.hold('watches two');
    const { again, init } = w.reload();
    await init;
    await until(() => again.getState().connection === 'connected', 'connected');
    expect(w.own(again).map((m) => [m.content, m.refusal])).toEqual([
      ['watches one', 'held'],
      ['watches two', 'held'],
    ]);
    await w.decide('reject');
    await until(() => again.getState().toast?.text.startsWith('A moderator rejected') === true, 'told');
    expect(again.slices.held.get().map((h) => h.state)).toEqual(['held', 'held']);
    await w.decide('approve', 1);
    await until(() => again.slices.held.get().length === 1, 'the approved one goes');
    // One held left now: the next rejection would be its.
    expect(again.slices.held.get()[0]).toMatchObject({ content: 'watches one', state: 'held' });
  });

  it('removes a held message from this device only: the server keeps it, and delivers it if approved', async () => {
    const w = await world();
    const held = await w.hold();
    w.store.forgetHeld(w.group.id, held.id);
    expect(w.own(w.store)).toEqual([]);
    expect(w.store.slices.held.get()).toEqual([]);
    expect(w.storage.getItem(`parley.held.${w.me.id}`)).toBeNull();
    expect(w.server.automod.hitsKept[0]).toMatchObject({ status: 'held' });

    const { again, init } = w.reload();
    await init;
    await until(() => again.getState().connection === 'connected', 'connected');
    expect(w.own(again)).toEqual([]);
    await w.decide('approve');
    await until(() => w.own(again).length === 1, 'delivered');
    expect(w.own(again)[0]).toMatchObject({ content: HELD, clientMessageId: held.clientMessageId });
    // Only a held one is removed that way.
    again.forgetHeld(w.group.id, w.own(again)[0]!.id);
    expect(w.own(again)).toHaveLength(1);
  });

  it('keeps the held message beside the offline snapshot\'s messages, after the newest page too', async () => {
    const cache = new MemoryOfflineCache();
    const w = await world(cache);
    await w.hold();
    await until(() => (w.store.getState().messages[w.group.id]?.items.length ?? 0) === 2, 'listed');
    for (let i = 0; i < 100 && ((await cache.load(w.me.id))?.messages[w.group.id]?.items.length ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const { again, init } = w.reload();
    await init;
    await until(() => again.getState().messages[w.group.id]?.loaded === true, 'loaded');
    await until(() => again.getState().connection === 'connected', 'connected');
    expect(again.getState().messages[w.group.id]!.items.map((m) => [m.content, m.refusal ?? null])).toEqual([
      ['Welcome', null],
      [HELD, 'held'],
    ]);
    // The snapshot keeps only what the server stored.
    await settle();
    expect((await cache.load(w.me.id))?.messages[w.group.id]?.items.map((m) => m.content)).toEqual(['Welcome']);
  });

  it('drops a held message approved while away when the catch-up from the offline snapshot brings it', async () => {
    const cache = new MemoryOfflineCache();
    const w = await world(cache);
    const held = await w.hold();
    for (let i = 0; i < 100 && ((await cache.load(w.me.id))?.messages[w.group.id]?.items.length ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const asked: Array<{ afterSeq?: number }> = [];
    const history = w.server.messages.bind(w.server);
    w.server.messages = (token, chatId, q = {}) => {
      if (chatId === w.group.id) asked.push(q);
      return history(token, chatId, q);
    };
    w.server.drop();
    await w.decide('approve'); // the page is away: nobody hears it
    const { again, init } = w.reload();
    expect(w.own(again)[0]?.refusal).toBe('held');
    await init;
    await until(() => again.slices.held.get().length === 0, 'forgotten');
    // From the snapshot's last message on, not a newest page.
    expect(asked.some((q) => q.afterSeq === 1)).toBe(true);
    expect(again.getState().messages[w.group.id]!.items.map((m) => [m.content, m.clientMessageId, m.failed ?? null])).toEqual([
      ['Welcome', null, null],
      [HELD, held.clientMessageId, null],
    ]);
    expect(w.storage.getItem(`parley.held.${w.me.id}`)).toBeNull();
  });

  it('forgets held messages at logout', async () => {
    const w = await world();
    await w.hold();
    expect(w.storage.getItem(`parley.held.${w.me.id}`)).not.toBeNull();
    await w.store.logout();
    expect(w.store.slices.held.get()).toEqual([]);
    expect(w.storage.getItem(`parley.held.${w.me.id}`)).toBeNull();
    await w.store.login(w.me.email, 'password');
    expect(w.own(w.store)).toEqual([]);
  });
});
