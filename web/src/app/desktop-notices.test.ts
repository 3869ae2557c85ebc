import { describe, expect, it } from 'vitest';

import type { ChatSummary } from '../client/selectors';
import type { ViewMessage } from '../client/types';
import { badgedSvg } from './favicon-badge';
import { noticeFor } from './desktop-notices';

const ME = 'me';

function message(id: string, senderId: string, content: string, extra: Partial<ViewMessage> = {}): ViewMessage {
  return { id, chatId: 'c', senderId, content, seq: 1, createdAt: new Date().toISOString(), status: 'SENT', ...extra } as ViewMessage;
}

function summary(chatId: string, title: string, unread: number, last: ViewMessage | undefined, group = false): ChatSummary {
  return {
    chat: { id: chatId, participants: [ME, 'ann'], kind: group ? 'group' : 'private' } as ChatSummary['chat'],
    peer: undefined,
    title,
    last,
    unread,
    mentions: 0,
    activity: '2026-12-06T10:00:00Z',
  };
}

const names = (id: string) => ({ ann: 'Ann', ben: 'Ben' })[id] ?? 'Someone';

describe('noticeFor', () => {
  it('tells of a message from someone else with its chat, text and the count waiting', () => {
    const m = message('m2', 'ann', 'hello\n  there');
    expect(noticeFor(summary('a', 'Ann', 1, m), m, ME, names)).toEqual({ chatId: 'c', title: 'Ann', body: 'hello there', tag: 'chat:c' });
    const g = message('m4', 'ben', 'four');
    expect(noticeFor(summary('g', 'Design', 5, g, true), g, ME, names)).toEqual({
      chatId: 'c',
      title: 'Design',
      body: 'Ben: four\n5 new messages',
      tag: 'chat:c',
    });
  });

  it("says nothing of the user's own messages, system lines, deletions, or a message already read", () => {
    const mine = message('m2', ME, 'mine');
    expect(noticeFor(summary('a', 'Ann', 1, mine), mine, ME, names)).toBeNull();
    const system = message('m3', 'ann', 'joined', { kind: 'system' });
    expect(noticeFor(summary('a', 'Ann', 1, system), system, ME, names)).toBeNull();
    const gone = message('m4', 'ann', '', { deleted: true });
    expect(noticeFor(summary('a', 'Ann', 1, gone), gone, ME, names)).toBeNull();
    const read = message('m5', 'ann', 'seen at once');
    expect(noticeFor(summary('a', 'Ann', 0, read), read, ME, names)).toBeNull();
    expect(noticeFor(undefined, read, ME, names)).toBeNull();
  });

  it('tells no text without previews', () => {
    const g = message('m4', 'ben', 'the secret plan');
    expect(noticeFor(summary('g', 'Design', 1, g, true), g, ME, names, { previews: false })).toEqual({
      chatId: 'c',
      title: 'Design',
      body: 'New message',
      tag: 'chat:c',
    });
    expect(noticeFor(summary('g', 'Design', 3, g, true), g, ME, names, { previews: false })?.body).toBe('New message\n3 new messages');
  });

  it('clips long texts', () => {
    const long = message('m1', 'ann', 'word '.repeat(60));
    const notice = noticeFor(summary('n', 'New', 1, long), long, ME, names);
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

describe('a notice of a mention', () => {
  it('says it mentions the user, with or without the text', () => {
    const m = message('m2', 'ann', '@Me look', { mentions: [ME] });
    expect(noticeFor(summary('g', 'Design', 1, m, true), m, ME, names, { mention: true })?.body).toBe('Mentions you · Ann: @Me look');
    expect(noticeFor(summary('g', 'Design', 2, m, true), m, ME, names, { mention: true, previews: false })?.body).toBe(
      'Mentions you · New message\n2 new messages',
    );
  });
});
