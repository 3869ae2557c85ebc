// Signed links (file-links.ts): the ids wanted in one turn go out in one request (batches of
// 100), a link held is not asked for again, denied ids never are, links are renewed a few
// minutes before they expire while wanted (and not once nobody wants them), and a failure is
// asked again after a reconnect. Also the pure rules of files.ts that the UI leans on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FileServer } from './fake-files';
import { FileLinks } from './file-links';
import { albumTiles, attachmentsLabel, checkFiles, fallbackText, formatBytes, formatDuration, layoutOf, messageText, uploadErrorText } from './files';
import { ApiError } from './errors';

const HOUR = 60 * 60 * 1000;

function setup() {
  const server = new FileServer();
  const me = server.addUser('Me');
  const token = `token-${me.id}`;
  for (let i = 1; i <= 150; i++) {
    const id = `f${i}`;
    server.records.set(id, { owner: token, file: { id, kind: 'image', name: `${id}.png`, size: 10, mime: 'image/png', thumbnail: true } });
  }
  const errors: unknown[] = [];
  const links = new FileLinks({ api: server, token: () => token, session: () => 1, now: () => Date.now(), handleError: (e) => errors.push(e) });
  return { server, links, errors };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 0, 1, 12));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('FileLinks', () => {
  it('asks once for the ids wanted in one turn, and not again while the links last', async () => {
    const { server, links } = setup();
    links.want(['f1', 'f2']);
    links.want(['f2', 'f3']);
    await vi.runOnlyPendingTimersAsync();
    expect(server.linkRequests).toEqual([['f1', 'f2', 'f3']]);
    expect(links.link('f1')).toMatchObject({ id: 'f1', thumbnailUrl: '/files/f1/thumb?sig=1' });
    links.want(['f1']);
    await vi.runOnlyPendingTimersAsync();
    expect(server.linkRequests).toHaveLength(1);
  });

  it('asks for at most 100 ids at a time', async () => {
    const { server, links } = setup();
    links.want(Array.from({ length: 150 }, (_, i) => `f${i + 1}`));
    await vi.runOnlyPendingTimersAsync();
    expect(server.linkRequests.map((r) => r.length)).toEqual([100, 50]);
    expect(links.link('f150')).toBeDefined();
  });

  it('remembers the ids it may not read and does not ask for them again', async () => {
    const { server, links } = setup();
    server.deniedIds.add('f2');
    links.want(['f1', 'f2', 'nope']);
    await vi.runOnlyPendingTimersAsync();
    expect(links.entries.entry('f2')).toEqual({ denied: true });
    expect(links.entries.entry('nope')).toEqual({ denied: true });
    links.want(['f2', 'nope']);
    await vi.runOnlyPendingTimersAsync();
    expect(server.linkRequests).toHaveLength(1);
  });

  it('renews the links wanted a few minutes before they expire', async () => {
    const { server, links } = setup();
    links.want(['f1', 'f2']);
    await vi.runOnlyPendingTimersAsync();
    const first = links.link('f1')!;
    expect(first.expiresAt).toBe(Date.now() + HOUR);
    await vi.advanceTimersByTimeAsync(HOUR - 6 * 60 * 1000);
    expect(server.linkRequests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60 * 1000 + 10);
    expect(server.linkRequests).toEqual([['f1', 'f2'], ['f1', 'f2']]);
    expect(links.link('f1')!.url).not.toBe(first.url);
    expect(links.link('f1')!.expiresAt).toBeGreaterThan(first.expiresAt);
  });

  it('stops renewing links nobody shows any more', async () => {
    const { server, links } = setup();
    const release = links.want(['f1']);
    links.want(['f2']);
    await vi.runOnlyPendingTimersAsync();
    release();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(server.linkRequests).toEqual([['f1', 'f2'], ['f2']]);
  });

  it('asks again after a failure once retried (a reconnect)', async () => {
    const { server, links, errors } = setup();
    server.restDown = true;
    links.want(['f1']);
    await vi.runOnlyPendingTimersAsync();
    expect(errors).toHaveLength(1);
    expect(links.link('f1')).toBeUndefined();
    server.restDown = false;
    links.retry();
    await vi.runOnlyPendingTimersAsync();
    expect(links.link('f1')).toBeDefined();
  });
});

describe('files, pure', () => {
  it('says sizes and durations as people read them', () => {
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(4200)).toBe('4.2 KB');
    expect(formatBytes(100_000_000)).toBe('100 MB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('shows the caption of a message with files, the content of one without', () => {
    const file = { id: 'f', kind: 'file' as const, name: 'report.pdf', size: 1, mime: 'application/pdf', thumbnail: false };
    expect(messageText({ content: '📎 report.pdf', caption: '', attachments: [file] })).toBe('');
    expect(messageText({ content: 'hi', caption: 'ignored' })).toBe('hi');
    expect(fallbackText([file], '')).toBe('📎 report.pdf');
    expect(fallbackText([file, file, file], '')).toBe('📎 3 files');
    expect(fallbackText([{ kind: 'voice', name: 'v.webm' }], '')).toBe('🎤 Voice message');
    expect(fallbackText([file], 'see this')).toBe('see this');
    expect(attachmentsLabel([{ kind: 'image' }, { kind: 'image' }, { kind: 'file' }])).toBe('2 photos, a file');
  });

  it('lays an album out in at most four tiles, the last saying how many more', () => {
    const files = ['image', 'file', 'video', 'image', 'voice', 'image', 'image', 'image'].map((kind, i) => ({ kind, i }) as { kind: 'image'; i: number });
    const { album, others } = layoutOf(files);
    expect(album.map((f) => f.i)).toEqual([0, 2, 3, 5, 6, 7]);
    expect(others.map((f) => f.i)).toEqual([1, 4]);
    expect(albumTiles(album)).toEqual({ shown: album.slice(0, 4), more: 2 });
    expect(albumTiles(album.slice(0, 3)).more).toBe(0);
  });

  it('checks files before uploading them', () => {
    const r = checkFiles([{ name: 'big.iso', size: 5e9 }, { name: 'empty.txt', size: 0 }, { name: 'ok.txt', size: 3 }], 9, 1e8);
    expect(r.accepted.map((f) => f.name)).toEqual(['ok.txt']);
    expect(r.problems).toEqual(['big.iso is 5 GB; the limit is 100 MB.', 'empty.txt is empty.']);
    expect(checkFiles([{ name: 'a', size: 1 }, { name: 'b', size: 1 }], 9, null).problems[0]).toMatch(/at most 10 files; 1 was not added/);
  });

  it('says why an upload stopped in words a person can act on', () => {
    const say = (status: number, code: string, message = '') => uploadErrorText(new ApiError(status, code, message), 'report.zip', 1_200_000_000, 100_000_000);
    expect(say(413, 'file_too_large')).toBe('report.zip is 1.2 GB; the limit is 100 MB.');
    expect(say(507, 'quota_exceeded', 'Quota of 1 GB reached.')).toMatch(/^There is no room left for your files \(Quota of 1 GB reached\)\./);
    expect(say(429, 'too_many_uploads')).toBe('Too many uploads at once. Wait for some to finish, then retry.');
    expect(say(429, 'rate_limited')).toBe('Too many uploads in a short time. Wait a minute, then retry.');
    expect(say(400, 'invalid_request', 'filename is missing')).toBe('report.zip was refused: filename is missing.');
    expect(say(401, 'unauthorized')).toBe('Your session has ended. Sign in again to send files.');
    expect(say(0, 'network')).toMatch(/^No connection\./);
  });
});
