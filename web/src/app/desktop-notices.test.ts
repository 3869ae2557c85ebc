import { describe, expect, it } from 'vitest';

import type { ChatSummary } from '../client/selectors';
import type { ViewMessage } from '../client/types';
import { badgedSvg } from './favicon-badge';
import { newNotices, seenOf } from './desktop-notices';

const ME = 'me';

function message(id: string, senderId: string, content: string, extra: Partial<ViewMessage> = {}): ViewMessage {
  return { id, chatId: 'c', senderId, content, seq: 1, createdAt: '2026-12-06T10:00:00Z', status: 'SENT', ...extra } as ViewMessage;
}

function summary(chatId: string, title: string, unread: number, last: ViewMessage | undefined, group = false): ChatSummary {
  return {
    chat: { id: chatId, participants: [ME, 'ann'], kind: group ? 'group' : 'private' } as ChatSummary['chat'],
    peer: undefined,
    title,
    last,
    unread,
    activity: '2026-12-06T10:00:00Z',
  };
}

const names = (id: string) => ({ ann: 'Ann', ben: 'Ben' })[id] ?? 'Someone';

describe('newNotices', () => {
  it('tells of a chat whose unread count rose with a new message from someone else', () => {
    const before = seenOf({ a: summary('a', 'Ann', 0, message('m1', ME, 'hi')) });
    const after = { a: summary('a', 'Ann', 1, message('m2', 'ann', 'hello\n  there')) };
    expect(newNotices(before, after, ME, names)).toEqual([{ chatId: 'a', title: 'Ann', body: 'hello there', tag: 'chat:a' }]);
  });

  it('names the sender in a group and counts what waits, one notice per chat', () => {
    const before = seenOf({ g: summary('g', 'Design', 2, message('m1', 'ann', 'one'), true) });
    const after = { g: summary('g', 'Design', 5, message('m4', 'ben', 'four'), true) };
    expect(newNotices(before, after, ME, names)).toEqual([
      { chatId: 'g', title: 'Design', body: 'Ben: four\n5 new messages', tag: 'chat:g' },
    ]);
  });

  it('says nothing for the user\'s own messages, reads, system lines, deletions, or nothing new', () => {
    const base = { a: summary('a', 'Ann', 1, message('m1', 'ann', 'x')) };
    const before = seenOf(base);
    expect(newNotices(before, { a: summary('a', 'Ann', 2, message('m2', ME, 'mine')) }, ME, names)).toEqual([]);
    expect(newNotices(before, { a: summary('a', 'Ann', 0, message('m2', 'ann', 'read')) }, ME, names)).toEqual([]);
    expect(newNotices(before, base, ME, names)).toEqual([]);
    expect(newNotices(before, { a: summary('a', 'Ann', 2, message('m2', 'ann', 'joined', { kind: 'system' })) }, ME, names)).toEqual([]);
    expect(newNotices(before, { a: summary('a', 'Ann', 2, message('m2', 'ann', '', { deleted: true })) }, ME, names)).toEqual([]);
  });

  it('tells of a chat it had not seen, and clips long texts', () => {
    const long = 'word '.repeat(60);
    const [notice] = newNotices({}, { n: summary('n', 'New', 1, message('m1', 'ann', long)) }, ME, names);
    expect(notice?.chatId).toBe('n');
    expect(notice?.body.length).toBe(140);
    expect(notice?.body.endsWith('…')).toBe(true);
  });
});

describe('badgedSvg', () => {
  const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32"/></svg>';

  it('adds a badge with the count on top of the icon, 9+ past nine', () => {
    const one = badgedSvg(icon, 3);
    expect(one.startsWith(icon.slice(0, -6))).toBe(true);
    expect(one.endsWith('</svg>')).toBe(true);
    expect(one).toMatch(/<circle [^>]*fill="#dc2626"/);
    expect(one).toMatch(/>3<\/text><\/svg>$/);
    expect(badgedSvg(icon, 12)).toMatch(/>9\+<\/text><\/svg>$/);
    expect(badgedSvg(icon, 12).match(/<\/svg>/g)).toHaveLength(1);
  });

  it('leaves the icon as it is at zero, or when it cannot read its size', () => {
    expect(badgedSvg(icon, 0)).toBe(icon);
    expect(badgedSvg('<svg></svg>', 4)).toBe('<svg></svg>');
  });
});
