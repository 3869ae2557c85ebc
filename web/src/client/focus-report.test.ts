// Which chat this device reads, told to the server (client:focus) against a fake page and the
// fake server: the open chat's id only while the page is visible and focused, null otherwise;
// sent on each change and only then, and again after every reconnect; nothing while not
// connected. And the page's side read from a document and window's events.
import { afterEach, describe, expect, it } from 'vitest';

import { FakeServer, settle, until } from './fakes';
import { documentFocus, type PageFocus } from './focus-report';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

/** A page the test shows, hides, focuses and blurs. */
class FakePage implements PageFocus {
  visible = true;
  focused = true;
  private readonly listeners = new Set<() => void>();

  attentive(): boolean {
    return this.visible && this.focused;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(state: { visible?: boolean; focused?: boolean }): void {
    this.visible = state.visible ?? this.visible;
    this.focused = state.focused ?? this.focused;
    for (const l of [...this.listeners]) l();
  }
}

async function world() {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob', true);
  const carol = server.addUser('Carol', true);
  const withBob = server.addChat(me.id, bob.id);
  const withCarol = server.addChat(me.id, carol.id);
  const page = new FakePage();
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), page });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.slices.chats.get().ready, 'chats loaded');
  /** The client:focus reports so far. */
  const reports = () => server.requests.filter(([event]) => event === 'client:focus').map(([, p]) => (p as { chatId?: string }).chatId ?? null);
  return { server, store, page, withBob, withCarol, reports };
}

describe('client:focus', () => {
  it('says the open chat while the page is visible and focused, null otherwise, on each change', async () => {
    const w = await world();
    expect(w.reports()).toEqual([null]); // on connecting: no chat open
    w.store.openChat(w.withBob.id);
    expect(w.reports()).toEqual([null, w.withBob.id]);
    expect(w.store.focus?.reading.get()).toBe(w.withBob.id);
    w.page.set({ focused: false });
    w.page.set({ focused: true });
    w.page.set({ visible: false });
    w.page.set({ visible: false, focused: false });
    w.page.set({ visible: true, focused: true });
    expect(w.reports()).toEqual([null, w.withBob.id, null, w.withBob.id, null, w.withBob.id]);
    w.store.openChat(w.withCarol.id);
    w.store.openChat(null);
    expect(w.reports()).toEqual([null, w.withBob.id, null, w.withBob.id, null, w.withBob.id, w.withCarol.id, null]);
  });

  it('sends nothing when nothing changed (other state changing)', async () => {
    const w = await world();
    w.store.openChat(w.withBob.id);
    const before = w.reports().length;
    w.store.send(w.withBob.id, 'hello');
    w.page.set({ visible: true });
    await settle();
    expect(w.reports()).toHaveLength(before);
  });

  it('says it again after every reconnect, and nothing while not connected', async () => {
    const w = await world();
    w.store.openChat(w.withBob.id);
    w.server.drop();
    w.page.set({ visible: false });
    w.page.set({ visible: true });
    w.store.openChat(w.withCarol.id);
    expect(w.reports()).toEqual([null, w.withBob.id]);
    w.server.restore();
    await settle();
    expect(w.reports()).toEqual([null, w.withBob.id, w.withCarol.id]);
    w.server.drop();
    w.server.restore();
    await settle();
    expect(w.reports()).toEqual([null, w.withBob.id, w.withCarol.id, w.withCarol.id]);
  });

  it('reports nothing without a page to watch', async () => {
    const server = new FakeServer();
    const me = server.addUser('Me', true);
    const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage() });
    stores.push(store);
    await store.login(me.email, 'password');
    await until(() => store.getState().connection === 'connected', 'connected');
    expect(store.focus).toBeNull();
    expect(server.requests.some(([event]) => event === 'client:focus')).toBe(false);
  });
});

describe('documentFocus', () => {
  it('reads visibility from the document and focus from the window\'s events', () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState, hasFocus: () => true });
    const win = new EventTarget();
    const page = documentFocus(doc, win);
    let heard = 0;
    const off = page.onChange(() => heard++);
    expect(page.attentive()).toBe(true);
    // During blur the document may still say it has focus: the event is what counts.
    win.dispatchEvent(new Event('blur'));
    expect(page.attentive()).toBe(false);
    win.dispatchEvent(new Event('focus'));
    expect(page.attentive()).toBe(true);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(page.attentive()).toBe(false);
    expect(heard).toBe(3);
    off();
    win.dispatchEvent(new Event('blur'));
    expect(heard).toBe(3);
  });
});
