// @vitest-environment happy-dom
// The search panel against the fake server and its fake search: the tips with nothing asked
// (inserted at the caret), typing searched after a pause, results grouped by chat with the
// words marked and counted in a live region, Up/Down/Enter over them (aria-activedescendant),
// the chat chip it opened with and removing it, sorting and further pages, a query mistake
// with its place marked, a failure tried again, and Esc.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { StoreProvider } from '../../app/store-context';
import { FakeSearch, networkError } from '../../client/fake-search';
import { FakeServer, until } from '../../client/fakes';
import type { SearchResult } from '../../client/search-wire';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { SearchPanel } from './SearchPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function setup({ scope = false, messages = 0 } = {}) {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob Stone');
  const carol = server.addUser('Carol');
  const withBob = server.addChat(me.id, bob.id);
  const withCarol = server.addChat(me.id, carol.id);
  server.store(withBob.id, bob.id, 'We redeployed the server');
  server.store(withCarol.id, carol.id, 'Deploy went fine 👍🏽 today');
  server.store(withBob.id, me.id, 'Thanks for the deploy notes');
  server.store(withBob.id, bob.id, '明日の会議は東京で行います');
  for (let i = 1; i <= messages; i++) server.store(withBob.id, bob.id, `release note ${i}`);
  const search = new FakeSearch(server);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), searchApi: search });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.slices.users.user(carol.id) !== undefined && store.slices.chats.get().ready, 'chats');

  const jumps: SearchResult[] = [];
  let closed = 0;
  let changed = 0;
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
        <SearchPanel
          scope={scope ? withBob.id : null}
          opened={1}
          onClose={() => closed++}
          onJump={(r) => jumps.push(r)}
          onChange={() => changed++}
        />
      </StoreProvider>,
    );
  });
  const q = <E extends Element = HTMLElement>(sel: string) => el.querySelector<E>(sel);
  const all = (sel: string) => [...el.querySelectorAll<HTMLElement>(sel)];
  const wait = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !cond(); i++) await act(async () => new Promise((r) => setTimeout(r, 5)));
    if (!cond()) throw new Error(`never happened: ${what}`);
  };
  const box = () => q<HTMLInputElement>('#search-input')!;
  const type = (text: string) =>
    act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(box(), text);
      box().dispatchEvent(new Event('input', { bubbles: true }));
    });
  const key = (k: string, target: Element = box()) =>
    act(async () => {
      target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  const click = (e: Element | null | undefined) =>
    act(async () => {
      if (!e) throw new Error('nothing to click');
      (e as HTMLElement).click();
    });
  const status = () => q('[data-testid="search-status"]')?.textContent ?? '';
  const options = () => all('[role="option"]');
  return {
    server, store, search, me, bob, carol, withBob, withCarol, el, q, all, wait, box, type, key, click, status, options, jumps,
    closed: () => closed,
    changed: () => changed,
  };
}

it('shows the operators with nothing asked and inserts one at the caret', async () => {
  const t = await setup();
  expect(document.activeElement).toBe(t.box());
  expect(t.box().getAttribute('role')).toBe('combobox');
  const tip = (op: string) => t.all('[data-testid="search-tip"]').find((b) => b.querySelector('code')?.textContent === op);
  expect(t.all('[data-testid="search-tip"]').map((b) => b.querySelector('code')?.textContent)).toContain('from:alice');
  expect(t.q('[data-testid="search-tips-button"]')).toBeNull();
  await t.click(tip('"exact words"'));
  expect(t.box().value).toBe('""');
  expect(t.box().selectionStart).toBe(1);
  expect(document.activeElement).toBe(t.box());
  // Once something is asked the results take their place; "Search tips" shows them again.
  await t.type('deploy');
  expect(tip('has:link')).toBeUndefined();
  const toggle = t.q('[data-testid="search-tips-button"]')!;
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  await t.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  t.box().setSelectionRange(6, 6);
  await t.click(tip('has:link'));
  expect(t.box().value).toBe('deploy has:link ');
  expect(t.box().selectionStart).toBe(16);
  expect(document.activeElement).toBe(t.box());
});

it('searches after a pause in typing and groups the results by chat with the words marked', async () => {
  const t = await setup();
  await t.type('d');
  await t.type('de');
  await t.type('deploy');
  expect(t.status()).toBe('Searching…');
  await t.wait(() => t.options().length === 3, 'results');
  // One request for the last text only.
  expect(t.search.requests.map((r) => r.q)).toEqual(['deploy']);
  expect(t.status()).toBe('3 messages in 2 chats.');
  expect(t.q('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
  // Grouped by chat, in the order the chats first appear (newest first here).
  const groups = t.all('[role="group"][aria-labelledby^="search-group-"]');
  expect(groups.map((g) => g.querySelector('[data-testid="search-group-title"]')?.textContent)).toEqual(['Bob Stone', 'Carol']);
  expect(groups.map((g) => g.querySelectorAll('[role="option"]').length)).toEqual([2, 1]);
  const label = groups[0]!.getAttribute('aria-labelledby')!;
  expect(document.getElementById(label)?.textContent).toBe('Bob Stone');
  // Marks: inside a word, and with an emoji after it.
  expect(t.options().map((o) => [...o.querySelectorAll('mark')].map((m) => m.textContent))).toEqual([['deploy'], ['deploy'], ['Deploy']]);
  expect(t.options()[1]?.querySelector('[data-testid="search-snippet"]')?.innerHTML).toBe(
    '<span>We re</span><mark class="search-mark">deploy</mark><span>ed the server</span>',
  );
  expect(t.options()[0]?.textContent).toContain('You');
});

it('moves through the results with the arrow keys and jumps with Enter', async () => {
  const t = await setup();
  await t.type('deploy');
  await t.wait(() => t.options().length === 3, 'results');
  const changedBefore = t.changed();
  expect(t.box().getAttribute('aria-activedescendant')).toBeNull();
  await t.key('ArrowDown');
  await t.key('ArrowDown');
  const active = t.box().getAttribute('aria-activedescendant')!;
  expect(active).toBe(t.options()[1]!.id);
  expect(t.options().map((o) => o.getAttribute('aria-selected'))).toEqual(['false', 'true', 'false']);
  await t.key('ArrowDown');
  await t.key('ArrowDown'); // stays on the last
  expect(t.box().getAttribute('aria-activedescendant')).toBe(t.options()[2]!.id);
  await t.key('ArrowUp');
  await t.key('Enter');
  expect(t.jumps.map((r) => r.message.content)).toEqual(['We redeployed the server']);
  // A click jumps too; jumping is no new search.
  await t.click(t.options()[2]);
  expect(t.jumps.map((r) => r.message.content)).toEqual(['We redeployed the server', 'Deploy went fine 👍🏽 today']);
  expect(t.changed()).toBe(changedBefore);
  // The list takes the same keys when it has focus (Home, End too).
  const list = t.q('[role="listbox"]')!;
  await t.key('Home', list);
  expect(list.getAttribute('aria-activedescendant')).toBe(t.options()[0]!.id);
  await t.key('End', list);
  expect(list.getAttribute('aria-activedescendant')).toBe(t.options()[2]!.id);
  // A new search starts from no active result and clears the last jump's marks.
  await t.type('東京');
  await t.wait(() => t.options().length === 1, 'Japanese result');
  expect(t.options()[0]?.querySelector('mark')?.textContent).toBe('東京');
  expect(t.box().getAttribute('aria-activedescendant')).toBeNull();
  expect(t.changed()).toBeGreaterThan(changedBefore);
});

it('opens in a chat with its chip; removing the chip searches every chat', async () => {
  const t = await setup({ scope: true });
  const chip = t.q('[data-testid="search-chip-chat"]')!;
  expect(chip.textContent).toBe('In: Bob Stone');
  expect(chip.getAttribute('aria-label')).toBe('In: Bob Stone. Remove this filter');
  expect(t.box().placeholder).toBe('Search in Bob Stone');
  await t.type('deploy');
  await t.wait(() => t.options().length === 2, 'results in the chat');
  expect(t.search.requests.at(-1)).toEqual({ q: 'deploy', chatId: t.withBob.id, limit: 20 });
  await t.click(chip);
  await t.wait(() => t.options().length === 3, 'results everywhere');
  expect(t.search.requests.at(-1)).toEqual({ q: 'deploy', limit: 20 });
  expect(t.q('[data-testid="search-chip-chat"]')).toBeNull();
});

it('adds a person from the picker and a link filter as chips that set the parameters', async () => {
  const t = await setup();
  await t.type('deploy');
  await t.wait(() => t.options().length === 3, 'results');
  await t.click(t.q('[data-testid="search-add-person"]'));
  const find = t.q<HTMLInputElement>('input[aria-label="Find a person"]')!;
  expect(document.activeElement).toBe(find);
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(find, 'car');
    find.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await t.wait(() => t.all('[data-testid="search-pick-person"]').length === 1, 'Carol found');
  await t.click(t.q('[data-testid="search-pick-person"]'));
  expect(t.q('[data-testid="search-chip-person"]')?.textContent).toBe('From: Carol');
  await t.wait(() => t.options().length === 1, 'only Carol');
  expect(t.search.requests.at(-1)).toEqual({ q: 'deploy', from: t.carol.id, limit: 20 });
  await t.click(t.q('[data-testid="search-add-has-link"]'));
  expect(t.search.requests.at(-1)).toEqual({ q: 'deploy', from: t.carol.id, has: 'link', limit: 20 });
  await t.wait(() => t.q('[data-testid="search-empty"]') !== null, 'nothing');
  expect(t.q('[data-testid="search-empty"]')?.textContent).toContain('remove some filters');
  await t.click([...t.q('[data-testid="search-empty"]')!.querySelectorAll('button')].find((b) => b.textContent === 'Remove all filters'));
  await t.wait(() => t.options().length === 3, 'all again');
});

it('sorts by date and loads further pages', async () => {
  const t = await setup({ messages: 45 });
  await t.type('release');
  await t.wait(() => t.options().length === 20, 'first page');
  expect(t.status()).toBe('20+ messages found.');
  await t.click(t.q('[data-testid="search-sort-date"]'));
  expect(t.q('[data-testid="search-sort-date"]')?.getAttribute('aria-pressed')).toBe('true');
  expect(t.search.requests.at(-1)?.sort).toBe('date');
  await t.wait(() => t.options().length === 20 && t.q('[data-testid="search-more"]') !== null, 'sorted');
  await t.click(t.q('[data-testid="search-more"]'));
  await t.wait(() => t.options().length === 40, 'second page');
  expect(t.search.requests.at(-1)).toEqual({ q: 'release', sort: 'date', limit: 20, cursor: '20' });
  // Down from the last result asks for the next page.
  await t.key('End', t.q('[role="listbox"]')!);
  await t.key('ArrowDown', t.q('[role="listbox"]')!);
  await t.wait(() => t.options().length === 45, 'last page');
  expect(t.status()).toBe('45 messages found.');
  expect(t.q('[data-testid="search-more"]')).toBeNull();
});

it('shows a query mistake with its place marked', async () => {
  const t = await setup();
  await t.type('deploy foo:bar');
  await t.wait(() => t.q('[data-testid="search-query-error"]') !== null, 'the mistake');
  expect(t.q('[data-testid="search-query-error"]')?.getAttribute('role')).toBe('alert');
  expect(t.q('[data-testid="search-query-error"]')?.textContent).toContain('Unknown operator "foo:".');
  expect(t.q('[data-testid="search-query-error-place"]')?.textContent).toBe('At: deploy foo:bar');
  expect(t.q('[data-testid="search-error-mark"]')?.textContent).toBe('foo:bar');
  expect(t.box().getAttribute('aria-invalid')).toBe('true');
  expect(t.box().getAttribute('aria-describedby')).toBe('search-error');
  await t.click([...t.q('[data-testid="search-query-error"]')!.querySelectorAll('button')].find((b) => b.textContent?.includes('search box')));
  expect(document.activeElement).toBe(t.box());
  expect([t.box().selectionStart, t.box().selectionEnd]).toEqual([7, 8]);
  // At the end of the query: an unclosed quote.
  await t.type('"deploy');
  await t.wait(() => t.q('[data-testid="search-query-error"]')?.textContent?.includes('quote') === true, 'quote');
  expect(t.q('[data-testid="search-error-mark"]')?.textContent).toBe('"deploy');
});

it('says when the server cannot be reached and tries again', async () => {
  const t = await setup();
  t.search.fail = networkError();
  await t.type('deploy');
  await t.wait(() => t.q('[data-testid="search-failed"]') !== null, 'failure');
  expect(t.q('[data-testid="search-failed"]')?.textContent).toContain('Cannot reach the server.');
  expect(t.status()).toBe('The search failed.');
  t.search.fail = null;
  await t.click([...t.q('[data-testid="search-failed"]')!.querySelectorAll('button')].find((b) => b.textContent === 'Try again'));
  await t.wait(() => t.options().length === 3, 'results');
});

it('drops the answer of a search overtaken by a newer one', async () => {
  const t = await setup();
  t.search.hold = true;
  await t.type('deploy');
  await t.wait(() => t.search.requests.length === 1, 'first asked');
  t.search.hold = false;
  await t.type('東京');
  await t.wait(() => t.options().length === 1, 'the newer answer');
  t.search.release();
  await act(async () => new Promise((r) => setTimeout(r, 20)));
  expect(t.options().map((o) => o.querySelector('mark')?.textContent)).toEqual(['東京']);
});

it('closes with Esc, but a picker’s Esc closes only the picker', async () => {
  const t = await setup();
  await t.click(t.q('[data-testid="search-add-chat"]'));
  const find = t.q('input[aria-label="Find a chat"]')!;
  await t.key('Escape', find);
  expect(t.q('input[aria-label="Find a chat"]')).toBeNull();
  expect(t.closed()).toBe(0);
  await t.key('Escape');
  expect(t.closed()).toBe(1);
});

it('with no results, says why short words may find nothing', async () => {
  const t = await setup();
  await t.type('zq deploy');
  await t.wait(() => t.q('[data-testid="search-empty"]') !== null, 'nothing found');
  expect(t.status()).toBe('No messages found.');
  expect(t.q('[data-testid="search-short-words"]')?.textContent).toBe('Words of one or two letters (“zq”) only find whole words.');
  // No filters: nothing to remove.
  expect([...t.q('[data-testid="search-empty"]')!.querySelectorAll('button')]).toEqual([]);
});
