// The chat switcher's pure parts and its server half: folding names as the server does (case,
// accents, punctuation, emoji and unspaced scripts), the rule (a word starting with what is
// typed) with the places to mark, the lists (recent chats; held chats at once, merged with the
// server's chats and people; people with a private chat shown as that chat), the words of the
// live region, and SwitcherSearch's debounce, cancelling, cache, failures and rate limit.
import { describe, expect, it } from 'vitest';

import { ApiError } from './errors';
import { highlightPieces } from './search';
import type { ChatSearchAnswer } from './search-wire';
import {
  askable,
  foldName,
  foldQuery,
  matchName,
  membersText,
  optionOrder,
  switcherLists,
  switcherStatus,
  SwitcherSearch,
  type SwitcherAnswer,
  type SwitcherChat,
} from './switcher';
import type { Chat, User } from './types';

const marked = (name: string, q: string) => {
  const r = matchName(name, foldQuery(q));
  if (!r) return null;
  return highlightPieces(name, r)
    .map((p) => (p.mark ? `[${p.text}]` : p.text))
    .join('');
};

describe('folding and matching', () => {
  it('folds case, accents and punctuation as the server does', () => {
    expect(foldName('  Zoë  Okonkwo-Smith!').text).toBe('zoe okonkwo smith');
    expect(foldName('ÅNGSTRÖM').text).toBe('angstrom');
    expect(foldQuery('...')).toBe('');
    expect(askable('?!')).toBe(false);
    expect(askable(' z ')).toBe(true);
    // Compatibility forms: the ligature and full-width letters.
    expect(foldName('ﬁne Ｆｏｏ').text).toBe('fine foo');
    // Decomposed input (a combining accent of its own) folds the same as composed.
    expect(foldName('Jose\u0301').text).toBe('jose');
  });

  it('makes an emoji and each character of an unspaced script a word', () => {
    expect(foldName('Team🚀launch').text).toBe('team 🚀 launch');
    expect(foldName('東京チーム').text).toBe('東 京 チ ー ム');
    expect(foldName('👍🏽 ok').text).toBe('👍 ok');
    expect(askable('🚀')).toBe(true);
  });

  it('matches a word starting with what is typed, and marks it', () => {
    expect(marked('Zelda Okonkwo', 'okon')).toBe('Zelda [Okon]kwo');
    expect(marked('Zelda Okonkwo', 'OKON')).toBe('Zelda [Okon]kwo');
    expect(marked('Zelda Okonkwo', 'konk')).toBeNull();
    expect(marked('Zelda Okonkwo', 'z')).toBe('[Z]elda Okonkwo');
    expect(marked('Harbor watch', 'harb')).toBe('[Harb]or watch');
    // Several typed words: consecutive words, the last begun; the separators as in the name.
    expect(marked('Harbor  watch', 'harbor wa')).toBe('[Harbor  wa]tch');
    expect(marked('Harbor watch', 'harbor-wa')).toBe('[Harbor wa]tch');
    expect(marked('Harbor watch', 'watch harbor')).toBeNull();
    // Every word that starts with it.
    expect(marked('Anna Annabel', 'ann')).toBe('[Ann]a [Ann]abel');
  });

  it('matches accents both ways and marks whole characters of the name', () => {
    expect(marked('Zoë Ångström', 'zoe')).toBe('[Zoë] Ångström');
    expect(marked('Zoe Angstrom', 'ÅNG')).toBe('Zoe [Ang]strom');
    expect(marked('Jose\u0301 Marti', 'jose')).toBe('[Jose\u0301] Marti');
    expect(marked('Crew 🚀 launch', '🚀')).toBe('Crew [🚀] launch');
    expect(marked('東京チーム', '京チ')).toBe('東[京チ]ーム');
    expect(marked('Zelda', '')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

const ME = 'me';
const user = (id: string, name: string): User => ({ id, name, email: '' });
const zelda = user('zelda', 'Zelda Okonkwo');
const quentin = user('quentin', 'Quentin Marlowe');
const oskar = user('oskar', 'Oskar Okafor');
const self = user(ME, 'Mia Okoro');

function privateChat(id: string, peer: User): SwitcherChat {
  const chat: Chat = { id, participants: [ME, peer.id], createdAt: '', updatedAt: '', kind: 'private' };
  return { chat, title: peer.name, peer };
}

function group(id: string, title: string, members: string[], extra: Partial<Chat> = {}): SwitcherChat {
  const chat: Chat = { id, participants: [ME, ...members], createdAt: '', updatedAt: '', kind: 'group', title, ...extra };
  return { chat, title };
}

// The chat list's order: newest activity first.
const CHATS: SwitcherChat[] = [
  privateChat('c-quentin', quentin),
  group('g-harbor', 'Harbor watch', ['quentin', 'zelda'], { avatarColor: '#336699' }),
  privateChat('c-oskar', oskar),
  group('g-okay', 'Okay team', ['oskar'], { memberCount: 12 }),
];

const answer = (q: string, chatIds: string[], people: User[]): SwitcherAnswer => ({ q: foldQuery(q), chatIds, people });

const titles = (lists: ReturnType<typeof switcherLists>) => ({
  chats: lists.chats.map((c) => c.title),
  people: lists.people.map((p) => p.user.name),
});

describe('the lists', () => {
  it('shows the recent chats with nothing typed, the open one left out', () => {
    const l = switcherLists({ q: '  ', chats: CHATS, me: ME, answer: null, activeChatId: 'c-quentin', recentLimit: 2 });
    expect(l.recent).toBe(true);
    expect(titles(l)).toEqual({ chats: ['Harbor watch', 'Oskar Okafor'], people: [] });
    expect(l.chats[0]).toMatchObject({ group: true, members: 3, avatarColor: '#336699', ranges: [] });
  });

  it('filters the chats held at once, in the chat list order, with the places to mark', () => {
    const l = switcherLists({ q: 'ok', chats: CHATS, me: ME, answer: null });
    expect(l.recent).toBe(false);
    expect(titles(l)).toEqual({ chats: ['Oskar Okafor', 'Okay team'], people: [] });
    expect(l.chats[0]!.ranges).toEqual([{ start: 6, end: 8 }]);
    expect(l.chats[1]).toMatchObject({ group: true, members: 12, ranges: [{ start: 0, end: 2 }] });
    expect(switcherLists({ q: '!!', chats: CHATS, me: ME, answer: null })).toEqual({ recent: false, chats: [], people: [] });
  });

  it('merges the server: its chats, its people with a private chat as that chat, the others to start one', () => {
    const a = answer('ok', ['c-oskar', 'g-okay'], [oskar, zelda, self]);
    const l = switcherLists({ q: 'ok', chats: CHATS, me: ME, answer: a });
    expect(titles(l)).toEqual({ chats: ['Oskar Okafor', 'Okay team'], people: ['Zelda Okonkwo'] });
    expect(l.people[0]).toMatchObject({ kind: 'person', key: 'person:zelda', ranges: [{ start: 6, end: 8 }] });
    expect(optionOrder(l).map((o) => o.key)).toEqual(['chat:c-oskar', 'chat:g-okay', 'person:zelda']);
  });

  it('shows a person found by the server (by email) as their chat even when the name does not match', () => {
    const a = answer('qm', [], [quentin]);
    const l = switcherLists({ q: 'qm', chats: CHATS, me: ME, answer: a });
    expect(titles(l)).toEqual({ chats: ['Quentin Marlowe'], people: [] });
    expect(l.chats[0]!.ranges).toEqual([]);
  });

  it('keeps the answer to a shorter query while the longer one is asked, only what still matches', () => {
    const a = answer('o', ['c-oskar', 'g-okay'], [oskar, zelda, quentin]);
    const l = switcherLists({ q: 'okon', chats: CHATS, me: ME, answer: a });
    expect(titles(l)).toEqual({ chats: [], people: ['Zelda Okonkwo'] });
    // An answer to something else is not used.
    const other = switcherLists({ q: 'harb', chats: CHATS, me: ME, answer: a });
    expect(titles(other)).toEqual({ chats: ['Harbor watch'], people: [] });
  });

  it('adds chats only the server found (its folding may differ) and ignores chats not held', () => {
    const a = answer('wat', ['g-harbor', 'g-unknown'], []);
    const l = switcherLists({ q: 'wat', chats: CHATS, me: ME, answer: a });
    expect(l.chats.map((c) => c.chatId)).toEqual(['g-harbor']);
  });

  it('says the lists in words', () => {
    const recent = switcherLists({ q: '', chats: CHATS, me: ME, answer: null });
    expect(switcherStatus(recent, false)).toBe('4 recent chats.');
    const l = switcherLists({ q: 'ok', chats: CHATS, me: ME, answer: answer('ok', [], [zelda]) });
    expect(switcherStatus(l, false)).toBe('2 chats and 1 person.');
    expect(switcherStatus(l, true)).toBe('2 chats and 1 person, searching for more…');
    const none = switcherLists({ q: 'xyz', chats: CHATS, me: ME, answer: null });
    expect(switcherStatus(none, true)).toBe('Searching…');
    expect(switcherStatus(none, false)).toBe('No chats or people found.');
    expect(membersText(3)).toBe('3 members');
    expect(membersText(1)).toBe('1 member');
    expect(membersText(null)).toBe('Group');
  });
});

// ---------------------------------------------------------------------------------------------

function harness() {
  const calls: { q: string; signal: AbortSignal; resolve: (a: ChatSearchAnswer) => void; reject: (e: unknown) => void }[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const search = new SwitcherSearch(
    (q, signal) =>
      new Promise<ChatSearchAnswer>((resolve, reject) => {
        calls.push({ q, signal, resolve, reject });
      }),
    {
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimer: (h) => {
        (h as { cleared: boolean }).cleared = true;
      },
    },
  );
  const fire = () => {
    for (const t of timers.splice(0)) if (!t.cleared) t.fn();
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { search, calls, timers, fire, flush };
}

describe('SwitcherSearch', () => {
  it('waits for a pause in typing, then asks once', async () => {
    const h = harness();
    h.search.setQuery('o');
    h.search.setQuery('ok');
    h.search.setQuery('okon');
    expect(h.search.getState().loading).toBe(true);
    expect(h.calls).toHaveLength(0);
    expect(h.timers.filter((t) => !t.cleared).map((t) => t.ms)).toEqual([180]);
    h.fire();
    expect(h.calls.map((c) => c.q)).toEqual(['okon']);
    h.calls[0]!.resolve({ chats: [{ chatId: 'c' }], people: [zelda] });
    await h.flush();
    expect(h.search.getState()).toMatchObject({ loading: false, error: null, answer: { q: 'okon', chatIds: ['c'], people: [zelda] } });
  });

  it('cancels the older request and drops its answer', async () => {
    const h = harness();
    h.search.setQuery('ok');
    h.fire();
    h.search.setQuery('harb');
    expect(h.calls[0]!.signal.aborted).toBe(true);
    h.fire();
    h.calls[1]!.resolve({ chats: [{ chatId: 'g' }], people: [] });
    h.calls[0]!.resolve({ chats: [], people: [zelda] });
    await h.flush();
    expect(h.search.getState().answer).toEqual({ q: 'harb', chatIds: ['g'], people: [] });
  });

  it('asks nothing for what the server would refuse, nor again for the same words', async () => {
    const h = harness();
    h.search.setQuery('??');
    h.search.setQuery('');
    expect(h.timers).toHaveLength(0);
    expect(h.search.getState().loading).toBe(false);
    h.search.setQuery('harb');
    h.fire();
    h.calls[0]!.resolve({ chats: [], people: [] });
    await h.flush();
    h.search.setQuery('Harb ');
    h.search.setQuery('harb!');
    expect(h.timers.filter((t) => !t.cleared)).toHaveLength(0);
    expect(h.calls).toHaveLength(1);
  });

  it('answers a query asked before from what it kept (Backspace)', async () => {
    const h = harness();
    h.search.setQuery('okon');
    h.fire();
    h.calls[0]!.resolve({ chats: [], people: [zelda] });
    await h.flush();
    h.search.setQuery('okonk');
    h.fire();
    h.calls[1]!.resolve({ chats: [], people: [] });
    await h.flush();
    h.search.setQuery('okon');
    expect(h.search.getState()).toMatchObject({ loading: false, answer: { q: 'okon', people: [zelda] } });
    expect(h.calls).toHaveLength(2);
  });

  it('keeps a network failure to retry, and retries a rate limit by itself', async () => {
    const h = harness();
    h.search.setQuery('okon');
    h.fire();
    h.calls[0]!.reject(new ApiError(0, 'network', 'Cannot reach the server.'));
    await h.flush();
    expect(h.search.getState()).toMatchObject({ loading: false, error: { kind: 'network' } });
    h.search.retry();
    expect(h.calls).toHaveLength(2);
    h.calls[1]!.reject(new ApiError(429, 'rate_limited', 'Too many requests'));
    await h.flush();
    expect(h.search.getState().error).toEqual({ kind: 'rate', message: 'Slow down a moment' });
    expect(h.timers.filter((t) => !t.cleared).map((t) => t.ms)).toEqual([1200]);
    h.fire();
    expect(h.calls).toHaveLength(3);
    expect(h.search.getState()).toMatchObject({ loading: true, error: null });
    h.calls[2]!.resolve({ chats: [], people: [zelda] });
    await h.flush();
    expect(h.search.getState()).toMatchObject({ loading: false, error: null });
  });

  it('shows only what is held when the server refuses the query, and stops when disposed', async () => {
    const h = harness();
    h.search.setQuery('ok');
    h.fire();
    h.calls[0]!.reject(new ApiError(400, 'invalid_input', 'q must have a letter'));
    await h.flush();
    expect(h.search.getState()).toMatchObject({ loading: false, error: null, answer: null });
    h.search.setQuery('oka');
    h.search.dispose();
    expect(h.search.getState().loading).toBe(false);
    h.fire();
    expect(h.calls).toHaveLength(1);
  });
});
