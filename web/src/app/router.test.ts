import { describe, expect, it } from 'vitest';

import { MemoryStorage } from '../client/storage';
import { parseRoute, pendingInvite, rememberInvite, routeAfterSignIn, routePath, type Route } from './router';

describe('routes', () => {
  it('parses each route and writes it back', () => {
    const routes: Route[] = [
      { name: 'login' },
      { name: 'register' },
      { name: 'home' },
      { name: 'chat', chatId: '01a2-b3' },
      { name: 'chat', chatId: '01a2-b3', thread: '01c4-d5' },
      { name: 'join', token: 'leNmylYpUt7hLddxPLyn0p' },
      { name: 'verify-email', token: 'eyJ1.c2ln' },
      { name: 'unsubscribe', token: 'a+b/c=' },
      { name: 'moderation' },
      { name: 'moderation', chatId: '01a2-b3' },
      { name: 'settings', section: 'appearance' },
      { name: 'settings', section: 'language' },
      { name: 'settings', section: 'data' },
      { name: 'settings', section: 'data', chatId: '01a2-b3' },
    ];
    for (const r of routes) expect(parseRoute(routePath(r))).toEqual(r);
  });

  it('the moderation page: /moderation, a group\'s with ?chatId=<id>', () => {
    expect(routePath({ name: 'moderation', chatId: 'c 1' })).toBe('/moderation?chatId=c+1');
    expect(parseRoute('/moderation?chatId=c+1')).toEqual({ name: 'moderation', chatId: 'c 1' });
    expect(parseRoute('/moderation?chatId=')).toEqual({ name: 'moderation' });
    expect(parseRoute('/moderation/')).toEqual({ name: 'moderation' });
  });

  it('the settings: /settings/<section>, the first section when none or an unknown one is named', () => {
    expect(parseRoute('/settings')).toEqual({ name: 'settings', section: 'appearance' });
    expect(parseRoute('/settings/privacy/')).toEqual({ name: 'settings', section: 'privacy' });
    expect(parseRoute('/settings/nope')).toEqual({ name: 'settings', section: 'appearance' });
    expect(routePath({ name: 'settings', section: 'chats' })).toBe('/settings/chats');
    // The data section with a chat chosen for its export: ?chat=<id>; other sections take none.
    expect(routePath({ name: 'settings', section: 'data', chatId: 'c 1' })).toBe('/settings/data?chat=c+1');
    expect(parseRoute('/settings/data?chat=c+1')).toEqual({ name: 'settings', section: 'data', chatId: 'c 1' });
    expect(parseRoute('/settings/data?chat=')).toEqual({ name: 'settings', section: 'data' });
    expect(parseRoute('/settings/chats?chat=c1')).toEqual({ name: 'settings', section: 'chats' });
  });

  it('a thread beside its chat: /chat/<id>/thread/<rootId>', () => {
    expect(routePath({ name: 'chat', chatId: 'c 1', thread: 'r/2' })).toBe('/chat/c%201/thread/r%2F2');
    expect(parseRoute('/chat/c1/thread/r2')).toEqual({ name: 'chat', chatId: 'c1', thread: 'r2' });
    expect(parseRoute('/chat/c1/thread/')).toEqual({ name: 'home' });
  });

  it('an invite link: /join/<token>, decoded; anything else under /join is the chat list', () => {
    expect(parseRoute('/join/abc_-XYZ')).toEqual({ name: 'join', token: 'abc_-XYZ' });
    expect(parseRoute('/join/abc/')).toEqual({ name: 'join', token: 'abc' });
    expect(parseRoute('/join/a%20b')).toEqual({ name: 'join', token: 'a b' });
    expect(routePath({ name: 'join', token: 'a/b' })).toBe('/join/a%2Fb');
    // A malformed escape is kept as written (the server answers not found).
    expect(parseRoute('/join/%E0%A4%A')).toEqual({ name: 'join', token: '%E0%A4%A' });
    expect(parseRoute('/join')).toEqual({ name: 'home' });
    expect(parseRoute('/join/')).toEqual({ name: 'home' });
    expect(parseRoute('/join/a/b')).toEqual({ name: 'home' });
  });

  it('the pages of emailed links: the token in the query', () => {
    expect(parseRoute('/verify-email?token=abc.def')).toEqual({ name: 'verify-email', token: 'abc.def' });
    expect(parseRoute('/unsubscribe?utm=x&token=a%2Bb')).toEqual({ name: 'unsubscribe', token: 'a+b' });
    expect(routePath({ name: 'unsubscribe', token: 'a+b/c=' })).toBe('/unsubscribe?token=a%2Bb%2Fc%3D');
    // Without a token the page says the link is not whole.
    expect(parseRoute('/verify-email')).toEqual({ name: 'verify-email', token: '' });
    // Other routes ignore a query.
    expect(parseRoute('/chat/c1?token=x')).toEqual({ name: 'chat', chatId: 'c1' });
  });

  it('an invite link opened signed out is where signing in leads, once', () => {
    const storage = new MemoryStorage();
    expect(routeAfterSignIn(storage)).toEqual({ name: 'home' });
    rememberInvite('tok', storage);
    expect(pendingInvite(storage)).toBe('tok');
    expect(routeAfterSignIn(storage)).toEqual({ name: 'join', token: 'tok' });
    expect(pendingInvite(storage)).toBeNull();
    expect(routeAfterSignIn(storage)).toEqual({ name: 'home' });
    // No storage at all (refused): straight to the chats.
    expect(routeAfterSignIn(null)).toEqual({ name: 'home' });
  });
});
