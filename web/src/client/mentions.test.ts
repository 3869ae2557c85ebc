import { describe, expect, it } from 'vitest';

import {
  chatPeople,
  extractMentions,
  insertMention,
  keywordIn,
  mayMentionAll,
  mentionQueryAt,
  mentionRanges,
  mentionsViewer,
  notifiesAsMention,
  suggestMentions,
  unreadMentions,
  type MentionOption,
  type MentionPerson,
} from './mentions';
import type { Chat, ChatMessage, User, ViewMessage } from './types';

const ben: MentionPerson = { id: 'ben', name: 'Ben' };
const benSmith: MentionPerson = { id: 'ben-s', name: 'Ben Smith' };
const bea: MentionPerson = { id: 'bea', name: 'Béatrice Ølund' };
const ann: MentionPerson = { id: 'ann', name: 'Ann Lee' };
const people = [ann, ben, benSmith, bea];

const names = (options: MentionOption[]) => options.map((o) => (o.kind === 'all' ? '@all' : o.person.name));

function msg(seq: number, over: Partial<ChatMessage> = {}): ViewMessage {
  return {
    id: `m${seq}`,
    chatId: 'c1',
    senderId: 'ann',
    content: `message ${seq}`,
    status: 'DELIVERED',
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    isPinned: false,
    pinnedAt: null,
    pinnedBy: null,
    isForwarded: false,
    forwardedFromId: null,
    originalSenderId: null,
    seq,
    clientMessageId: null,
    ...over,
  };
}

describe('the "@…" at the caret', () => {
  it('starts at an "@" that begins a word and runs to the caret', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('hi @Be', 6)).toEqual({ start: 3, query: 'Be' });
    expect(mentionQueryAt('hi (@Be', 7)).toEqual({ start: 4, query: 'Be' });
    expect(mentionQueryAt('hi @Ben Sm', 10)).toEqual({ start: 3, query: 'Ben Sm' });
    // The caret in the middle: what is before it.
    expect(mentionQueryAt('hi @Benjamin', 6)).toEqual({ start: 3, query: 'Be' });
  });

  it('is no mention inside a word (an address), after a space, across lines or far away', () => {
    expect(mentionQueryAt('ann@example', 11)).toBeNull();
    expect(mentionQueryAt('@@Be', 4)).toBeNull();
    expect(mentionQueryAt('hi @Ben ', 8)).toBeNull();
    expect(mentionQueryAt('@Be\nx', 5)).toBeNull();
    expect(mentionQueryAt('@a b c d', 8)).toBeNull();
    expect(mentionQueryAt('no at sign', 10)).toBeNull();
  });
});

describe('suggestions', () => {
  it('matches a word of the name without regard to case or accents, names starting with it first', () => {
    expect(names(suggestMentions(people, 'be'))).toEqual(['Béatrice Ølund', 'Ben', 'Ben Smith']);
    expect(names(suggestMentions(people, 'BEA'))).toEqual(['Béatrice Ølund']);
    expect(names(suggestMentions(people, 'smi'))).toEqual(['Ben Smith']);
    expect(names(suggestMentions(people, 'beatrice'))).toEqual(['Béatrice Ølund']);
    expect(names(suggestMentions(people, 'øl'))).toEqual(['Béatrice Ølund']);
    expect(names(suggestMentions(people, 'ben s'))).toEqual(['Ben Smith']);
    expect(names(suggestMentions(people, 'zed'))).toEqual([]);
  });

  it('shows everyone for a bare "@", at most eight', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `u${i}`, name: `User ${String(i).padStart(2, '0')}` }));
    expect(suggestMentions(many, '')).toHaveLength(8);
    expect(names(suggestMentions(people, ''))).toEqual(['Ann Lee', 'Béatrice Ølund', 'Ben', 'Ben Smith']);
  });

  it('offers @all only to those who may mention everyone, when it fits what is typed', () => {
    expect(names(suggestMentions(people, 'a'))).toEqual(['Ann Lee']);
    expect(names(suggestMentions(people, 'a', { all: true }))).toEqual(['Ann Lee', '@all']);
    expect(names(suggestMentions(people, 'al', { all: true }))).toEqual(['@all']);
    expect(names(suggestMentions(people, 'be', { all: true }))).toEqual(['Béatrice Ølund', 'Ben', 'Ben Smith']);
    const many = Array.from({ length: 12 }, (_, i) => ({ id: `u${i}`, name: `User ${i}` }));
    const options = suggestMentions(many, '', { all: true });
    expect(options).toHaveLength(8);
    expect(options[7]).toEqual({ kind: 'all' });
  });
});

describe('a pick put into the text', () => {
  it('replaces what was typed with "@Name " and puts the caret after it', () => {
    const q = mentionQueryAt('hi @Be', 6)!;
    expect(insertMention('hi @Be', q, 6, 'Ben Smith')).toEqual({ text: 'hi @Ben Smith ', caret: 14 });
  });

  it('adds no second space when one follows', () => {
    const q = mentionQueryAt('hi @Be there', 6)!;
    expect(insertMention('hi @Be there', q, 6, 'Ben')).toEqual({ text: 'hi @Ben there', caret: 8 });
  });
});

describe('the mentions a text sends', () => {
  const ctx = { people, picked: [] as MentionPerson[], canMentionAll: false };

  it('sends the people picked whose "@Name" is still in the text', () => {
    expect(extractMentions('hi @Ben and @Ann Lee', { ...ctx, picked: [ben, ann] })).toEqual({ mentions: ['ben', 'ann'] });
    // Removed from the text: not sent.
    expect(extractMentions('hi there', { ...ctx, picked: [ben] })).toEqual({});
    expect(extractMentions('hi @Be', { ...ctx, picked: [ben] })).toEqual({});
  });

  it('recognises "@Name" typed in full for a person of the chat, the longest name first', () => {
    expect(extractMentions('@ben smith, look', ctx)).toEqual({ mentions: ['ben-s'] });
    expect(extractMentions('@Ben, look', ctx)).toEqual({ mentions: ['ben'] });
    expect(extractMentions('@Ben Smith and @Ben', ctx)).toEqual({ mentions: ['ben-s', 'ben'] });
    expect(extractMentions('(@Béatrice Ølund)', ctx)).toEqual({ mentions: ['bea'] });
  });

  it('needs the whole name, at the start of a word', () => {
    expect(extractMentions('@Benjamin', ctx)).toEqual({});
    expect(extractMentions('mail@Ben', ctx)).toEqual({});
    expect(extractMentions('@Ann', ctx)).toEqual({});
  });

  it('leaves a name two people share to the pick', () => {
    const otherBen = { id: 'ben-2', name: 'Ben' };
    expect(extractMentions('@Ben', { ...ctx, people: [...people, otherBen] })).toEqual({});
    expect(extractMentions('@Ben', { ...ctx, people: [...people, otherBen], picked: [otherBen] })).toEqual({ mentions: ['ben-2'] });
    expect(extractMentions('@Ben @Ben', { ...ctx, people: [...people, otherBen], picked: [otherBen, ben] })).toEqual({
      mentions: ['ben-2', 'ben'],
    });
  });

  it('sends @all only for those who may mention everyone', () => {
    expect(extractMentions('@all please read', ctx)).toEqual({});
    expect(extractMentions('@All please read', { ...ctx, canMentionAll: true })).toEqual({ mentionsAll: true });
    expect(extractMentions('@allison', { ...ctx, canMentionAll: true })).toEqual({});
    expect(extractMentions('@all and @Ben', { ...ctx, canMentionAll: true })).toEqual({ mentions: ['ben'], mentionsAll: true });
  });

  it('sends at most fifty people', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ id: `u${i}`, name: `Person${i}` }));
    const text = many.map((p) => `@${p.name}`).join(' ');
    expect(extractMentions(text, { people: many, picked: [], canMentionAll: false }).mentions).toHaveLength(50);
  });
});

describe('where a message names its mentions', () => {
  it('marks each "@Name" of the people mentioned, the longest name first, and @all', () => {
    const text = 'hey @Ben Smith and @ben, @all: @Ann Lee is away';
    expect(mentionRanges(text, [ben, benSmith], true)).toEqual([
      { start: 4, end: 14, id: 'ben-s' },
      { start: 19, end: 23, id: 'ben' },
      { start: 25, end: 29, id: 'all' },
    ]);
    // Only Ben mentioned: "@Ben Smith" starts with his name too.
    expect(mentionRanges(text, [ben], false)).toEqual([
      { start: 4, end: 8, id: 'ben' },
      { start: 19, end: 23, id: 'ben' },
    ]);
    expect(mentionRanges(text, [], false)).toEqual([]);
  });
});

describe('mentions of the viewer', () => {
  it('is someone else’s message naming them or everyone, not one deleted', () => {
    expect(mentionsViewer(msg(1, { mentions: ['me'] }), 'me')).toBe(true);
    expect(mentionsViewer(msg(1, { mentionsAll: true }), 'me')).toBe(true);
    expect(mentionsViewer(msg(1, { mentions: ['ben'] }), 'me')).toBe(false);
    expect(mentionsViewer(msg(1, { senderId: 'me', mentionsAll: true }), 'me')).toBe(false);
    expect(mentionsViewer(msg(1, { mentions: ['me'], deleted: true }), 'me')).toBe(false);
  });

  it('counts the unread ones as the unread count goes', () => {
    const list: ViewMessage[] = [
      msg(1, { mentions: ['me'], status: 'READ' }),
      msg(2, { mentions: ['me'] }),
      msg(3, { mentionsAll: true }),
      msg(4),
      msg(5, { mentions: ['me'], hidden: true }),
      msg(6, { mentions: ['me'], threadRootId: 'm1' }),
      msg(7, { mentions: ['me'], threadRootId: 'm1', alsoToChat: true }),
      msg(8, { senderId: 'me', mentionsAll: true }),
    ];
    expect(unreadMentions(list, 'me')).toBe(3);
    expect(unreadMentions([], 'me')).toBe(0);
  });
});

describe('keywords', () => {
  it('match whole words without regard to case', () => {
    expect(keywordIn('The Release is out', ['release'])).toBe('release');
    expect(keywordIn('releases are out', ['release'])).toBeNull();
    expect(keywordIn('pre-release notes', ['release notes'])).toBe('release notes');
    expect(keywordIn('c++ (v2)', ['c++'])).toBe('c++');
    expect(keywordIn('nothing here', [])).toBeNull();
  });

  it('notify like a mention, as do a mention and an answer to one’s message', () => {
    expect(notifiesAsMention(msg(1, { content: 'the deploy failed' }), 'me', ['Deploy'])).toBe(true);
    expect(notifiesAsMention(msg(1, { mentions: ['me'] }), 'me', [])).toBe(true);
    expect(
      notifiesAsMention(msg(1, { replyToId: 'm0', replyTo: { id: 'm0', senderId: 'me', senderName: 'Me', excerpt: 'x', deleted: false } }), 'me', []),
    ).toBe(true);
    expect(notifiesAsMention(msg(1), 'me', ['deploy'])).toBe(false);
    expect(notifiesAsMention(msg(1, { senderId: 'me', content: 'deploy' }), 'me', ['deploy'])).toBe(false);
  });
});

describe('the people of a chat', () => {
  const users = {
    me: { id: 'me', name: 'Me' },
    ann: { id: 'ann', name: 'Ann Lee' },
    ben: { id: 'ben', name: 'Ben' },
  } as unknown as Record<string, User>;
  const chat = (over: Partial<Chat>) => ({ id: 'c', participants: ['me', 'ann'], createdAt: '', updatedAt: '', ...over }) as Chat;

  it('is the other person of a private chat, and a group’s members, without the user', () => {
    expect(chatPeople(chat({}), 'me', users)).toEqual([{ id: 'ann', name: 'Ann Lee' }]);
    const group = chat({ kind: 'group', participants: ['me', 'ann', 'zed'] });
    expect(chatPeople(group, 'me', users, [{ id: 'ben', name: 'Ben' }, { id: 'me', name: 'Me' }])).toEqual([
      { id: 'ann', name: 'Ann Lee' },
      { id: 'ben', name: 'Ben' },
    ]);
  });

  it('lets a group’s owner and admins mention everyone, nobody in a private chat', () => {
    expect(mayMentionAll(chat({ kind: 'group', role: 'owner' }))).toBe(true);
    expect(mayMentionAll(chat({ kind: 'group', role: 'admin' }))).toBe(true);
    expect(mayMentionAll(chat({ kind: 'group', role: 'member' }))).toBe(false);
    expect(mayMentionAll(chat({}))).toBe(false);
    expect(mayMentionAll(undefined)).toBe(false);
  });
});
