// Email digests end to end against a real SMTP server on loopback (smtp-server, npm), whose
// received mail the test parses (mailparser): no email before the person verifies their address
// (the link's token, once, not forged); then what stays unread after the delay comes as one
// digest per period, by chat, with links into the chats and a one-click unsubscribe
// (List-Unsubscribe + List-Unsubscribe-Post, RFC 8058) that stops the next ones; what the person
// read meanwhile is left out. A minute of the delay lasts 100 ms here (email_minute_ms).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { assertRestError, get, openChat, registerUser, request, useParley } from './helpers.mjs';

const inbox = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, done) {
    simpleParser(stream).then((mail) => {
      inbox.push({ mail, to: session.envelope.rcptTo.map((r) => r.address), from: session.envelope.mailFrom.address });
      done();
    }, done);
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
after(() => new Promise((resolve) => smtp.close(resolve)));

const PUBLIC = 'http://parley.test';
const { server, clients } = useParley({
  args: [
    '--smtp_url', `smtp://127.0.0.1:${smtp.server.address().port}`,
    '--smtp_from', 'Parley <chat@parley.test>',
    '--public_url', `${PUBLIC}/`,
    '--email_minute_ms', '100',
    '--job_poll_ms', '50',
  ],
});

/** The mails to `address` once there are `count` of them. */
async function mailsTo(address, count, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = inbox.filter((m) => m.to.includes(address));
    if (got.length >= count) return got;
    if (Date.now() > deadline) assert.fail(`${count} emails to ${address} expected, ${got.length} came`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const tokenIn = (text, path) => new URL(text.match(new RegExp(`${PUBLIC}${path}\\?token=[^\\s"<]+`))[0]).searchParams.get('token');

async function verified(user) {
  const asked = await request(server, 'POST', '/api/v1/me/email/verification', { token: user.token });
  assert.equal(asked.status, 202, asked.text);
  const [mail] = await mailsTo(user.email, 1);
  const token = tokenIn(mail.mail.text, '/verify-email');
  const res = await request(server, 'POST', '/api/v1/email/verify', { body: { token } });
  assert.equal(res.status, 200, res.text);
  return token;
}

describe('email digests', () => {
  test('an address is verified with the emailed link before any digest goes out', async () => {
    const [ann, ben] = await Promise.all([registerUser(server, { name: 'Ann' }), registerUser(server, { name: 'Ben' })]);
    let settings = await get(server, '/api/v1/me/notifications', ben.token);
    assert.equal(settings.json.emailAvailable, true);
    assert.equal(settings.json.emailVerified, false);
    assert.equal(settings.json.emailAddress, ben.email);
    assert.equal(settings.json.emailDelayMinutes, 15);

    // Unverified: nothing is mailed, whatever stays unread.
    const chat = await openChat(server, ann, ben);
    const A = await clients.connect(ann.token, { features: ['inbox'] });
    await A.ask('message', { chatId: chat.id, content: 'Before you verified' });

    const asked = await request(server, 'POST', '/api/v1/me/email/verification', { token: ben.token });
    assert.equal(asked.status, 202, asked.text);
    const [mail] = await mailsTo(ben.email, 1);
    assert.equal(mail.from, 'chat@parley.test');
    assert.equal(mail.mail.subject, 'Verify your email address for Parley');
    const token = tokenIn(mail.mail.text, '/verify-email');
    assert.ok(mail.mail.html.includes('/verify-email?token='), 'the HTML part links too');

    assertRestError(await request(server, 'POST', '/api/v1/email/verify', { body: { token: `${token}x` } }), 400, 'invalid_input');
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    assertRestError(await request(server, 'POST', '/api/v1/email/verify', { body: { token: forged } }), 400, 'invalid_input');
    assertRestError(await request(server, 'POST', '/api/v1/email/verify', { body: {} }), 400, 'invalid_input');
    const ok = await request(server, 'POST', '/api/v1/email/verify', { body: { token } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { email: ben.email, verified: true });
    settings = await get(server, '/api/v1/me/notifications', ben.token);
    assert.equal(settings.json.emailVerified, true);
    assert.equal(settings.json.email, true);
    // What comes now is mailed; what came before was never held for a digest.
    const delay = await request(server, 'PATCH', '/api/v1/me/notifications', {
      token: ben.token, body: { emailDelayMinutes: 5 },
    });
    assert.equal(delay.status, 200, delay.text);
    await A.ask('message', { chatId: chat.id, content: 'After you verified' });
    const [, digest] = await mailsTo(ben.email, 2);
    assert.equal(digest.mail.subject, '1 unread message in Ann');
    assert.match(digest.mail.text, /Ann: After you verified/);
    assert.ok(!digest.mail.text.includes('Before you verified'));
    // An unsubscribe token is not a verification token, nor the other way round.
    assertRestError(await request(server, 'POST', `/api/v1/email/unsubscribe?token=${encodeURIComponent(token)}`),
      400, 'invalid_input');
  });

  test('what stays unread comes as one digest by chat; what was read is left out; one click stops them', async () => {
    const [ann, ben, cai] = await Promise.all(['Ann', 'Ben', 'Cai'].map((name) => registerUser(server, { name })));
    await verified(ben);
    await verified(ann);
    for (const user of [ann, ben]) {
      const set = await request(server, 'PATCH', '/api/v1/me/notifications', {
        token: user.token, body: { emailDelayMinutes: 20, timeZone: 'Asia/Tokyo' },
      });
      assert.equal(set.status, 200, set.text);
    }
    assertRestError(await request(server, 'PATCH', '/api/v1/me/notifications', {
      token: ben.token, body: { emailDelayMinutes: 2 },
    }), 400, 'invalid_input');

    const direct = await openChat(server, ann, ben);
    const group = await request(server, 'POST', '/api/v1/groups', {
      token: cai.token, body: { title: 'Trail <runners>', memberIds: [ann.id, ben.id] },
    });
    const A = await clients.connect(ann.token, { features: ['inbox'] });
    const C = await clients.connect(cai.token, { features: ['inbox'] });
    const B = await clients.connect(ben.token, { features: ['inbox'] });
    await A.ask('message', { chatId: direct.id, content: 'Lunch tomorrow?' });
    const read = await A.ask('message', { chatId: direct.id, content: 'Read on the phone' });
    await C.ask('message', { chatId: group.json.id, content: 'Sunday 8:00 at the <bridge>' });
    await C.ask('message', { chatId: group.json.id, content: 'Bring water' });
    // Ben reads the second private message (and so the first) in time: the direct chat is left out.
    const ack = await B.ask('chat:read', { chatId: direct.id, seq: read.seq });
    assert.equal(ack.status, 'ok');

    const before = inbox.filter((m) => m.to.includes(ben.email)).length;
    const mails = await mailsTo(ben.email, before + 1);
    const digest = mails.at(-1).mail;
    assert.equal(digest.subject, '2 unread messages in Trail <runners>');
    assert.match(digest.text, /Trail <runners> \(2\)/);
    assert.match(digest.text, /\d\d:\d\d Cai: Sunday 8:00 at the <bridge>/);
    assert.match(digest.text, /\d\d:\d\d Cai: Bring water/);
    assert.ok(!digest.text.includes('Lunch tomorrow'), 'read meanwhile');
    assert.ok(digest.text.includes(`${PUBLIC}/chat/${group.json.id}`), 'a link into the chat');
    assert.ok(digest.html.includes('Sunday 8:00 at the &lt;bridge&gt;'), 'HTML escaped');
    assert.ok(!digest.html.includes('<bridge>'));
    const header = (name) => digest.headerLines.find((h) => h.key === name)?.line.slice(name.length + 1).trim();
    assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    const url = new URL(header('list-unsubscribe').replace(/^<|>$/g, ''));
    assert.equal(url.origin, PUBLIC);
    assert.equal(url.pathname, '/api/v1/email/unsubscribe');
    assert.ok(digest.text.includes(`${PUBLIC}/unsubscribe?token=`), 'the text links the page that asks first');

    // The one click (RFC 8058: a form POST the token alone authorises), to this server.
    const res = await fetch(`${server.url}${url.pathname}${url.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(res.status, 200);
    const now = await get(server, '/api/v1/me/notifications', ben.token);
    assert.equal(now.json.email, false);
    // The next message in the group: Ann's digest tells of it; by then Ben's would have too.
    // (Ann's first: her verification, then the digest of Cai's two.)
    const annFirst = await mailsTo(ann.email, 2);
    assert.match(annFirst[1].mail.text, /Cai: Bring water/);
    const annBefore = 2;
    await C.ask('message', { chatId: group.json.id, content: 'Anyone?' });
    const annMails = await mailsTo(ann.email, annBefore + 1);
    assert.match(annMails.at(-1).mail.text, /Cai: Anyone\?/);
    assert.equal(inbox.filter((m) => m.to.includes(ben.email)).length, before + 1, 'no more digests for Ben');
    assertRestError(await request(server, 'POST', '/api/v1/me/email/verification', {}), 401, 'unauthorized');
  });
});
