// Email digests in the state layer: the document's email fields read defensively and changed
// like the other switches; the delays offered in words; store.notifications asking for the
// link that verifies the address (refused in words when the server sends no email or is asked
// too often), verifying with a link's token (once per link, the settings following through
// notifications:updated; a bad or stale link refused) and stopping digests with a digest's
// link, against the fake server; and the REST calls HttpNotificationsApi makes for them (the
// links' calls without a session).
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ApiError } from './errors';
import { FakeServer, settle, until } from './fakes';
import { DEFAULT_SETTINGS, applyChange, emailDelayChoices, emailDelayText, readNotificationSettings } from './notifications';
import { HttpNotificationsApi } from './notifications-api';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
  vi.unstubAllGlobals();
});

describe('email digest rules', () => {
  it('reads the email fields, with the defaults for what is missing or wrong', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ email: true, emailDelayMinutes: 15, emailAddress: '', emailVerified: false, emailAvailable: false });
    expect(
      readNotificationSettings({ email: false, emailDelayMinutes: 180, emailAddress: 'ben@example.com', emailVerified: true, emailAvailable: true }),
    ).toMatchObject({ email: false, emailDelayMinutes: 180, emailAddress: 'ben@example.com', emailVerified: true, emailAvailable: true });
    for (const delay of [4, 1441, 7.5, '15', null]) {
      expect(readNotificationSettings({ emailDelayMinutes: delay }).emailDelayMinutes).toBe(15);
    }
    expect(readNotificationSettings({ emailVerified: 'yes', emailAvailable: 1, emailAddress: 7 })).toMatchObject({
      emailVerified: false,
      emailAvailable: false,
      emailAddress: '',
    });
  });

  it('applies a change of the switch or the delay, leaving the rest', () => {
    const s = { ...DEFAULT_SETTINGS, emailVerified: true, emailAvailable: true, emailAddress: 'a@b.c' };
    expect(applyChange(s, { kind: 'account', patch: { email: false } })).toEqual({ ...s, email: false });
    expect(applyChange(s, { kind: 'account', patch: { emailDelayMinutes: 60 } })).toEqual({ ...s, emailDelayMinutes: 60 });
    expect(applyChange(s, { kind: 'account', patch: { sound: false } })).toMatchObject({ email: true, emailDelayMinutes: 15 });
  });

  it('offers the delays in words, and the one held when it is another', () => {
    expect(emailDelayChoices(15).map((c) => c.label)).toEqual(['5 minutes', '15 minutes', '30 minutes', '1 hour', '3 hours', '12 hours', '24 hours']);
    expect(emailDelayChoices(20).map((c) => c.minutes)).toEqual([5, 15, 20, 30, 60, 180, 720, 1440]);
    expect(emailDelayText(90)).toBe('90 minutes');
    expect(emailDelayText(120)).toBe('2 hours');
  });
});

async function world({ emailEnabled = true } = {}) {
  const server = new FakeServer();
  server.notifications.emailEnabled = emailEnabled;
  const me = server.addUser('Ben', true);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), notificationsApi: server.notifications });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null, 'settings loaded');
  return { server, store, me, settings: () => store.notifications.settings()! };
}

/** The error a promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('store.notifications and email', () => {
  it('reads the address and whether the server sends email', async () => {
    const w = await world();
    expect(w.settings()).toMatchObject({ emailAddress: w.me.email, emailVerified: false, emailAvailable: true, email: true });
    const off = await world({ emailEnabled: false });
    expect(off.settings().emailAvailable).toBe(false);
  });

  it('asks for the link that verifies the address; verifying it shows the address verified', async () => {
    const w = await world();
    await w.store.notifications.requestEmailVerification();
    expect(w.server.notifications.mails).toEqual([{ to: w.me.email, kind: 'verify', token: expect.any(String) }]);
    const token = w.server.notifications.mails[0]!.token;
    await expect(w.store.notifications.verifyEmail(token)).resolves.toEqual({ email: w.me.email, verified: true });
    // notifications:updated brings it to the settings shown.
    await until(() => w.settings().emailVerified, 'verified');
  });

  it('verifies each link once however often it is asked, and a failed one again', async () => {
    const w = await world();
    await w.store.notifications.requestEmailVerification();
    const token = w.server.notifications.mails[0]!.token;
    const [a, b] = [w.store.notifications.verifyEmail(token), w.store.notifications.verifyEmail(token)];
    expect(a).toBe(b);
    await a;
    await w.store.notifications.verifyEmail(token);
    expect(w.server.notifications.linkCalls).toEqual([['verify', token]]);

    const bad = await refusal(w.store.notifications.verifyEmail('nonsense'));
    expect([bad.status, bad.message]).toEqual([400, 'This link is not valid or has expired; ask for a new one']);
    await refusal(w.store.notifications.verifyEmail('nonsense'));
    expect(w.server.notifications.linkCalls.filter(([, t]) => t === 'nonsense')).toHaveLength(2);
  });

  it('refuses a link for an address the account no longer has', async () => {
    const w = await world();
    await w.store.notifications.requestEmailVerification();
    w.me.email = 'ben.new@example.com';
    const err = await refusal(w.store.notifications.verifyEmail(w.server.notifications.mails[0]!.token));
    expect(err.message).toBe('This link is for an address the account no longer has');
    await settle();
    expect(w.settings().emailVerified).toBe(false);
  });

  it('says when the server sends no email, and when it is asked too often', async () => {
    const off = await world({ emailEnabled: false });
    const none = await refusal(off.store.notifications.requestEmailVerification());
    expect([none.status, none.message]).toEqual([400, 'This server sends no email']);

    const w = await world();
    for (let i = 0; i < 3; i++) await w.store.notifications.requestEmailVerification();
    const often = await refusal(w.store.notifications.requestEmailVerification());
    expect([often.status, often.message]).toEqual([429, 'A verification email was sent just now; check your inbox']);
    expect(w.server.notifications.mails).toHaveLength(3);
  });

  it('turns digests off and on and sets their delay; a delay out of bounds is refused in words', async () => {
    const w = await world();
    w.store.notifications.setEmail(false);
    w.store.notifications.setEmailDelay(60);
    expect(w.settings()).toMatchObject({ email: false, emailDelayMinutes: 60 });
    await until(() => w.store.notifications.view.get().save === 'saved' && w.server.notifications.changes.length === 2, 'saved');
    expect(w.server.notifications.changes).toEqual([
      ['PATCH /api/v1/me/notifications', { email: false }],
      ['PATCH /api/v1/me/notifications', { emailDelayMinutes: 60 }],
    ]);
    expect(w.server.notifications.of(w.me.id)).toMatchObject({ email: false, emailDelayMinutes: 60 });

    w.store.notifications.setEmailDelay(2);
    await until(() => w.store.notifications.view.get().save === 'failed', 'refused');
    expect(w.store.notifications.view.get().error).toBe('Not saved: emailDelayMinutes must be at least 5');
    await until(() => w.settings().emailDelayMinutes === 60, 'put back');
  });

  it('stops digests with a digest\'s link, signed in or not', async () => {
    const w = await world();
    const token = w.server.notifications.digestMailed(w.me.id);
    await w.store.notifications.unsubscribeEmail(token);
    await until(() => w.settings().email === false, 'off');

    const bad = await refusal(w.store.notifications.unsubscribeEmail('unsubscribe.nobody'));
    expect([bad.status, bad.message]).toEqual([400, 'This link is not valid or has expired']);

    const anonymous = new ChatStore({ api: w.server, realtime: w.server, storage: new MemoryStorage(), notificationsApi: w.server.notifications });
    stores.push(anonymous);
    w.server.notifications.changeElsewhere(w.me.id, { ...w.server.notifications.of(w.me.id), email: true });
    await anonymous.notifications.unsubscribeEmail(token);
    expect(w.server.notifications.of(w.me.id).email).toBe(false);
  });
});

describe('HttpNotificationsApi and email', () => {
  function recordFetch(answer: unknown, status = 200) {
    const calls: Array<{ method: string; url: string; body: unknown; auth: string | undefined }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      calls.push({ method: String(init.method), url, body: init.body === null ? undefined : JSON.parse(String(init.body)), auth: headers.Authorization });
      return new Response(JSON.stringify(answer), { status });
    });
    return calls;
  }

  it('sends the verification request with the session, and the links\' calls without one', async () => {
    const calls = recordFetch({ sent: true }, 202);
    const api = new HttpNotificationsApi('http://example.test');
    await api.requestEmailVerification('t');
    await api.verifyEmail('v.1');
    await api.unsubscribeEmail('u+1/2=');
    await api.updateNotifications('t', { email: false, emailDelayMinutes: 30 });
    expect(calls).toEqual([
      { method: 'POST', url: 'http://example.test/api/v1/me/email/verification', body: undefined, auth: 'Bearer t' },
      { method: 'POST', url: 'http://example.test/api/v1/email/verify', body: { token: 'v.1' }, auth: undefined },
      { method: 'POST', url: 'http://example.test/api/v1/email/unsubscribe?token=u%2B1%2F2%3D', body: undefined, auth: undefined },
      { method: 'PATCH', url: 'http://example.test/api/v1/me/notifications', body: { email: false, emailDelayMinutes: 30 }, auth: 'Bearer t' },
    ]);
  });

  it('throws the server\'s refusal in its words', async () => {
    recordFetch({ statusCode: 429, error: 'rate_limited', message: 'A verification email was sent just now; check your inbox' }, 429);
    const err = await refusal(new HttpNotificationsApi().requestEmailVerification('t'));
    expect([err.status, err.code, err.message]).toEqual([429, 'rate_limited', 'A verification email was sent just now; check your inbox']);
  });
});
