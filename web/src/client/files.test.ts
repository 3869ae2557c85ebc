// Files in the client's state (store.files, file-actions.ts) against the fake server with
// files (fake-files.ts): the tray's checks and uploads, progress, cancelling, a message sent
// only once its uploads finished (with its caption), refusals in words with Retry and Delete,
// an upload paused by a dropped connection and resumed, voice messages, and captions edited.
import { afterEach, describe, expect, it } from 'vitest';

import { FileServer } from './fake-files';
import { settle, until } from './fakes';
import { messageText } from './files';
import { MemoryStorage } from './storage';
import { ChatStore } from './store';
import type { Chat, User, ViewMessage } from './types';

interface World {
  server: FileServer;
  store: ChatStore;
  me: User;
  bob: User;
  chat: Chat;
}

const stores: ChatStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.destroy();
});

async function world(): Promise<World> {
  const server = new FileServer();
  const me = server.addUser('Me', true);
  const bob = server.addUser('Bob');
  const chat = server.addChat(me.id, bob.id);
  const store = new ChatStore({ api: server, realtime: server, storage: new MemoryStorage(), readDelayMs: 0, retryDelayMs: 0, filesApi: server, uploads: server });
  stores.push(store);
  await store.login(me.email, 'password');
  await until(() => store.getState().connection === 'connected', 'connected');
  await until(() => store.getState().messages[chat.id]?.loaded === true, 'chat loaded');
  return { server, store, me, bob, chat };
}

function file(name: string, bytes: number, type: string): File {
  return new File([new Uint8Array(bytes)], name, { type });
}

/** A file that says it is `size` bytes without holding them. */
function huge(name: string, size: number): File {
  const f = new File([], name, { type: 'application/zip' });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

function items(w: World): ViewMessage[] {
  return w.store.getState().messages[w.chat.id]?.items ?? [];
}

/** The first message is the server's copy. */
function stored(w: World): boolean {
  const m = items(w)[0];
  return m !== undefined && !m.pending && m.seq > 0;
}

function staged(w: World): string[] {
  return [...(w.store.files.staged.entry(w.chat.id) ?? [])];
}

function upload(w: World, id: string) {
  return w.store.files.uploads.entry(id);
}

function sentMessages(w: World): Array<{ content: string; attachments?: string[] }> {
  return w.server.requests.filter(([e]) => e === 'message').map(([, p]) => p as { content: string; attachments?: string[] });
}

describe('the tray', () => {
  it('starts uploading each file as it is added, with its name, type and the user', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('cat.png', 2000, 'image/png'), file('notes.pdf', 5000, 'application/pdf')]);
    expect(staged(w)).toHaveLength(2);
    expect(w.server.uploadsMade.map((u) => [u.req.name, u.req.type, u.req.kind, u.starts])).toEqual([
      ['cat.png', 'image/png', undefined, 1],
      ['notes.pdf', 'application/pdf', undefined, 1],
    ]);
    expect(w.server.uploadsMade[0]!.req.userId).toBe(w.me.id);
    const [cat, notes] = staged(w).map((id) => upload(w, id)!);
    expect(cat).toMatchObject({ kind: 'image', status: 'uploading', sent: 0, size: 2000 });
    expect(cat!.previewUrl).toMatch(/^blob:/);
    expect(notes).toMatchObject({ kind: 'file' });
    expect(notes!.previewUrl).toBeUndefined();
  });

  it('shows the progress of each upload', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('cat.png', 2000, 'image/png')]);
    w.server.uploadsMade[0]!.progress(500);
    expect(upload(w, staged(w)[0]!)).toMatchObject({ sent: 500, status: 'uploading' });
    w.server.uploadsMade[0]!.finish();
    await until(() => upload(w, staged(w)[0]!)?.status === 'done', 'done');
    expect(upload(w, staged(w)[0]!)).toMatchObject({ sent: 2000, attachment: { kind: 'image', name: 'cat.png' } });
  });

  it('leaves out files over the server’s limit and beyond ten, saying why in words', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [huge('report.zip', 1_200_000_000), file('a.txt', 10, 'text/plain')]);
    expect(w.store.files.notices.entry(w.chat.id)).toBe('report.zip is 1.2 GB; the limit is 100 MB.');
    expect(staged(w)).toHaveLength(1);
    expect(w.server.uploadsMade).toHaveLength(1);
    const twelve = Array.from({ length: 12 }, (_, i) => file(`f${i}.txt`, 10, 'text/plain'));
    await w.store.files.stage(w.chat.id, twelve);
    expect(staged(w)).toHaveLength(10);
    expect(w.store.files.notices.entry(w.chat.id)).toMatch(/^A message can carry at most 10 files; 3 were not added\./);
  });

  it('removing a file stops its upload and deletes it on the server', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('cat.png', 2000, 'image/png')]);
    const id = staged(w)[0]!;
    w.store.files.unstage(id);
    expect(w.server.uploadsMade[0]).toMatchObject({ aborted: true, terminated: true });
    expect(staged(w)).toEqual([]);
    expect(upload(w, id)).toBeUndefined();
  });
});

describe('sending files', () => {
  it('shows the message at once and sends it, with its caption, once every upload finished', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('a.png', 100, 'image/png'), file('b.png', 300, 'image/png')]);
    expect(w.store.files.send(w.chat.id, '  Our trip  ')).toBe(true);
    expect(staged(w)).toEqual([]);
    const [pending] = items(w);
    expect(pending).toMatchObject({ pending: true, caption: 'Our trip', content: 'Our trip' });
    expect(pending!.localUploads).toHaveLength(2);
    const [a, b] = w.server.uploadsMade;
    a!.finish();
    await settle();
    expect(sentMessages(w)).toEqual([]); // b is still uploading
    b!.progress(150);
    b!.finish();
    await until(() => sentMessages(w).length === 1, 'sent');
    expect(sentMessages(w)[0]).toMatchObject({ content: 'Our trip', attachments: [a!.fileId, b!.fileId] });
    await until(() => stored(w), 'stored');
    expect(items(w)).toHaveLength(1);
    const [msg] = items(w);
    expect(msg!.attachments?.map((f) => f.name)).toEqual(['a.png', 'b.png']);
    expect(messageText(msg!)).toBe('Our trip');
    expect(msg!.localUploads).toBeUndefined();
    expect(w.store.outboxItems()).toEqual([]);
  });

  it('sends files without a caption: the text is empty, older clients read a fallback', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('report.pdf', 100, 'application/pdf')]);
    w.store.files.send(w.chat.id, '');
    expect(items(w)[0]!.content).toBe('📎 report.pdf');
    w.server.uploadsMade[0]!.finish();
    await until(() => stored(w), 'stored');
    expect(sentMessages(w)[0]!.content).toBe('');
    expect(items(w)[0]).toMatchObject({ content: '📎 report.pdf', caption: '' });
    expect(messageText(items(w)[0]!)).toBe('');
  });

  it('a refusal marks the message not sent, in words; Retry uploads again, Delete drops it', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('big.mov', 4000, 'video/quicktime')]);
    w.store.files.send(w.chat.id, 'watch');
    w.server.uploadsMade[0]!.refuse(507, 'quota_exceeded', 'You have used your 1 GB');
    await until(() => items(w)[0]?.failed !== undefined, 'failed');
    expect(items(w)[0]!.failed).toBe(
      "There is no room left for your files (You have used your 1 GB). Delete some messages with files, or ask the server's admin for more room.",
    );
    w.store.retry(w.chat.id, items(w)[0]!.id);
    expect(items(w)[0]).toMatchObject({ pending: true });
    expect(items(w)[0]!.failed).toBeUndefined();
    expect(w.server.uploadsMade).toHaveLength(2);
    w.server.uploadsMade[1]!.refuse(413, 'file_too_large', 'too large');
    await until(() => items(w)[0]?.failed !== undefined, 'failed again');
    expect(items(w)[0]!.failed).toBe('big.mov is 4 KB; the limit is 100 MB.');
    w.store.discard(w.chat.id, items(w)[0]!.id);
    expect(items(w)).toEqual([]);
    expect(sentMessages(w)).toEqual([]);
  });

  it('an upload stopped by a dropped connection waits, and resumes when the connection is back', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('a.png', 1000, 'image/png')]);
    w.store.files.send(w.chat.id, 'later');
    const up = w.server.uploadsMade[0]!;
    up.progress(400);
    w.server.drop();
    up.drop();
    const id = items(w)[0]!.localUploads![0]!;
    expect(upload(w, id)).toMatchObject({ status: 'waiting', sent: 400 });
    expect(upload(w, id)!.error).toMatch(/^No connection\./);
    expect(items(w)[0]).toMatchObject({ pending: true });
    w.server.restore();
    await until(() => up.starts === 2, 'resumed');
    expect(w.server.uploadsMade).toHaveLength(1); // the same upload, on from the server's offset
    up.finish();
    await until(() => sentMessages(w).length === 1, 'sent');
    await until(() => stored(w), 'stored');
  });

  it('cancelling one file sends the others; cancelling the last drops the message', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('a.png', 100, 'image/png'), file('b.png', 100, 'image/png')]);
    w.store.files.send(w.chat.id, '');
    const [ida, idb] = items(w)[0]!.localUploads!;
    w.server.uploadsMade[0]!.finish();
    await settle();
    w.store.files.cancel(idb!);
    expect(w.server.uploadsMade[1]).toMatchObject({ aborted: true, terminated: true });
    await until(() => sentMessages(w).length === 1, 'sent');
    expect(sentMessages(w)[0]!.attachments).toEqual([w.server.uploadsMade[0]!.fileId]);
    expect(ida).toBeDefined();

    await w.store.files.stage(w.chat.id, [file('c.png', 100, 'image/png')]);
    w.store.files.send(w.chat.id, 'gone');
    const pending = items(w).find((m) => m.pending)!;
    w.store.files.cancel(pending.localUploads![0]!);
    expect(items(w).some((m) => m.pending)).toBe(false);
  });

  it('a voice message goes as its own message, of kind voice', async () => {
    const w = await world();
    w.store.files.sendVoice(w.chat.id, new Blob([new Uint8Array(800)], { type: 'audio/webm;codecs=opus' }), 4.2);
    const up = w.server.uploadsMade[0]!;
    expect(up.req).toMatchObject({ name: 'voice-message.webm', type: 'audio/webm', kind: 'voice' });
    expect(items(w)[0]!.content).toBe('🎤 Voice message');
    expect(upload(w, items(w)[0]!.localUploads![0]!)).toMatchObject({ kind: 'voice', duration: 4.2 });
    up.finish({ duration: 4.2, waveform: Array.from({ length: 64 }, (_, i) => i) });
    await until(() => stored(w), 'stored');
    expect(items(w)[0]!.attachments?.[0]).toMatchObject({ kind: 'voice', duration: 4.2 });
  });

  it('keeps the message in the outbox once uploaded: offline, it goes out on reconnect', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('a.png', 100, 'image/png')]);
    w.store.files.send(w.chat.id, 'when back');
    w.server.uploadsMade[0]!.finish();
    await until(() => w.store.outboxItems().length === 1 || sentMessages(w).length === 1, 'queued');
    await until(() => stored(w), 'stored');
    // Uploaded, then the socket is down: the message waits in the outbox with its files.
    await w.store.files.stage(w.chat.id, [file('b.png', 100, 'image/png')]);
    w.store.files.send(w.chat.id, 'second');
    w.server.drop();
    w.server.uploadsMade[1]!.finish();
    await until(() => w.store.outboxItems().length === 1, 'in the outbox');
    expect(w.store.outboxItems()[0]).toMatchObject({ content: 'second', attachments: [w.server.uploadsMade[1]!.fileId] });
    expect(items(w).find((m) => m.pending)?.attachments?.[0]?.name).toBe('b.png');
    w.server.restore();
    await until(() => w.store.outboxItems().length === 0, 'sent');
    expect(sentMessages(w).map((m) => m.content)).toEqual(['when back', 'second']);
  });
});

describe('messages with files after sending', () => {
  it('editing one edits its caption', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('a.png', 100, 'image/png')]);
    w.store.files.send(w.chat.id, 'first');
    w.server.uploadsMade[0]!.finish();
    await until(() => stored(w), 'stored');
    const id = items(w)[0]!.id;
    const edit = w.store.lifecycle.edit(w.chat.id, id, 'second');
    expect(messageText(items(w)[0]!)).toBe('second'); // at once
    expect(await edit).toBe(true);
    expect(items(w)[0]).toMatchObject({ caption: 'second', content: 'second', editCount: 1 });
    // Emptied: the fallback is what others without files read.
    expect(await w.store.lifecycle.edit(w.chat.id, id, '')).toBe(true);
    expect(items(w)[0]).toMatchObject({ caption: '', content: '📎 a.png' });
    expect(items(w)[0]!.attachments).toHaveLength(1);
  });

  it('deleting one for everyone takes its files away', async () => {
    const w = await world();
    await w.store.files.stage(w.chat.id, [file('a.png', 100, 'image/png')]);
    w.store.files.send(w.chat.id, 'oops');
    w.server.uploadsMade[0]!.finish();
    await until(() => stored(w), 'stored');
    await w.store.lifecycle.remove(w.chat.id, [items(w)[0]!.id], 'everyone');
    expect(items(w)[0]).toMatchObject({ deleted: true });
    expect(items(w)[0]!.attachments).toBeUndefined();
    expect(items(w)[0]!.caption).toBeUndefined();
  });
});
