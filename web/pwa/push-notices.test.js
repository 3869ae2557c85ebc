// The service worker's notices of pushes (push-notices.js): a message counts on from the one its
// chat shows, silently within a burst; a mention always alerts and says so, also once merged
// into the count; a reaction takes its chat's place without counting as a message; the summary
// after Do not disturb has its own tag and opens its first chat; malformed pushes get a plain
// notice. The build puts the same functions into sw.js (checked last).
import fs from 'node:fs';

import { describe, expect, it } from 'vitest';

import { BURST_MS, SUMMARY_TAG, clickedChat, pushNotice, replacedTag } from './push-notices.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0);
const message = (over = {}) => ({ chatId: 'c1', messageId: 'm1', title: 'Design', body: 'Ann: hi', at: NOW - 1000, ...over });

describe('a message', () => {
  it('shows alone, tagged with its chat, with its data', () => {
    const n = pushNotice(message(), null, NOW);
    expect(n.title).toBe('Design');
    expect(n.options).toMatchObject({ body: 'Ann: hi', tag: 'chat:c1', renotify: true, silent: false, timestamp: NOW - 1000 });
    expect(n.options.data).toEqual({ kind: 'message', chatId: 'c1', messageId: 'm1', count: 1, mentions: 0, shownAt: NOW });
  });

  it('counts on from the one showing, silently within a burst, or by the server’s count', () => {
    const before = { count: 2, mentions: 0, shownAt: NOW - 1000 };
    const n = pushNotice(message(), before, NOW);
    expect(n.options.body).toBe('Ann: hi\n3 new messages');
    expect(n.options).toMatchObject({ renotify: false, silent: true });
    expect(pushNotice(message({ count: 7 }), { ...before, shownAt: NOW - BURST_MS }, NOW).options).toMatchObject({
      body: 'Ann: hi\n7 new messages',
      silent: false,
    });
    // Without previews.
    expect(pushNotice(message({ body: undefined }), before, NOW).options.body).toBe('3 new messages');
    expect(pushNotice(message({ body: undefined }), null, NOW).options.body).toBe('New message');
  });

  it('says a mention mentions the user and alerts even within a burst, and the count keeps saying so', () => {
    const first = pushNotice(message({ mention: true, body: 'Ann: @Me look' }), null, NOW);
    expect(first.options.body).toBe('Mentions you · Ann: @Me look');
    const burst = pushNotice(message({ mention: true }), { count: 1, mentions: 0, shownAt: NOW - 100 }, NOW);
    expect(burst.options).toMatchObject({ body: 'Mentions you · Ann: hi\n2 new messages, 1 mentioning you', renotify: true, silent: false });
    const after = pushNotice(message({ body: 'Bob: ok' }), burst.options.data, NOW + 200);
    expect(after.options).toMatchObject({ body: 'Bob: ok\n3 new messages, 1 mentioning you', silent: true });
    expect(after.options.data.mentions).toBe(1);
    expect(pushNotice(message({ mention: true, body: undefined }), null, NOW).options.body).toBe('Mentions you · New message');
  });
});

describe('a reaction', () => {
  const reaction = { kind: 'reaction', chatId: 'c1', messageId: 'm9', title: 'Design', body: 'Ann reacted 👍 to “ship it”', at: NOW };

  it('takes its chat’s place without counting as a message', () => {
    const alone = pushNotice(reaction, null, NOW);
    expect(alone.options).toMatchObject({ body: 'Ann reacted 👍 to “ship it”', tag: 'chat:c1', silent: false });
    expect(alone.options.data).toMatchObject({ kind: 'reaction', count: 0, mentions: 0 });
    const over = pushNotice(reaction, { count: 3, mentions: 1, shownAt: NOW - 60000 }, NOW);
    expect(over.options.body).toBe('Ann reacted 👍 to “ship it”\n3 new messages, 1 mentioning you');
    expect(over.options.data).toMatchObject({ count: 3, mentions: 1 });
    // The next message counts the messages only.
    expect(pushNotice(message(), alone.options.data, NOW + 60000).options).toMatchObject({ body: 'Ann: hi', data: { count: 1 } });
    expect(replacedTag(reaction)).toBe('chat:c1');
  });
});

describe('the summary after Do not disturb', () => {
  const summary = {
    kind: 'summary',
    title: 'While Do not disturb was on',
    body: '7 new messages in Design, Bob and 1 more chat',
    at: NOW,
    chats: [{ chatId: 'c2', count: 4 }, { chatId: 'c1', count: 3 }],
  };

  it('has its own tag and opens its first chat', () => {
    const n = pushNotice(summary, null, NOW);
    expect(n.title).toBe('While Do not disturb was on');
    expect(n.options).toMatchObject({ body: '7 new messages in Design, Bob and 1 more chat', tag: SUMMARY_TAG, renotify: true });
    expect(clickedChat(n.options.data)).toBe('c2');
    expect(replacedTag(summary)).toBeNull();
    expect(clickedChat(pushNotice({ ...summary, chats: [] }, null, NOW).options.data)).toBe('');
  });
});

describe('anything else', () => {
  it('gets a plain notice', () => {
    for (const p of [null, 7, {}, { chatId: 5, title: [], body: {} }]) {
      const n = pushNotice(p, null, NOW);
      expect(n.title).toBe('Parley');
      expect(n.options).toMatchObject({ body: 'New message', tag: 'parley' });
      expect(replacedTag(p)).toBeNull();
      expect(clickedChat(n.options.data)).toBe('');
    }
  });
});

describe('the built service worker', () => {
  it('carries these functions, without exports, once the build ran', () => {
    const built = new URL('../dist/sw.js', import.meta.url);
    if (!fs.existsSync(built)) return;
    const sw = fs.readFileSync(built, 'utf8');
    expect(sw).toContain('function pushNotice(payload, before, now)');
    expect(sw).not.toContain('__PARLEY_PUSH_NOTICES__');
    expect(sw).not.toMatch(/^export /m);
  });
});
