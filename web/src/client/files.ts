// Files and media as the client sees them, pure: what kind a chosen file is, sizes and
// durations in words, a message's caption and the text old clients see in its place, how a
// message's attachments are laid out (an album of images and videos, then the others), the
// checks made before an upload (the server's size limit, ten files a message) and what a
// refusal means, in words a person can act on. The uploads themselves are file-actions.ts's.
import { ApiError } from './errors';
import { MAX_ATTACHMENTS, type Attachment, type AttachmentKind } from './files-wire';
import type { ChatMessage } from './types';

/** The kind of a file the person chose, from its type (the server decides again from its bytes). */
export function kindOf(mime: string, voice = false): AttachmentKind {
  if (voice) return 'voice';
  if (/^image\/(png|jpe?g|gif|webp|avif|heic|heif|bmp)$/i.test(mime)) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'file';
}

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** Bytes in words: "812 bytes", "4.2 KB", "1.2 GB" (1000s, as file managers count). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1000) return `${n} byte${n === 1 ? '' : 's'}`;
  let v = n / 1000;
  let unit = 0;
  while (v >= 1000 && unit < UNITS.length - 1) {
    v /= 1000;
    unit++;
  }
  const digits = v < 10 ? 1 : 0;
  return `${v.toFixed(digits).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** Seconds as m:ss (h:mm:ss from an hour). */
export function formatDuration(seconds: number | undefined): string {
  const s = Math.max(0, Math.floor(seconds ?? 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A duration for screen readers: "1 minute 5 seconds". */
export function spokenDuration(seconds: number | undefined): string {
  const s = Math.max(0, Math.round(seconds ?? 0));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const parts: string[] = [];
  if (m > 0) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (rest > 0 || m === 0) parts.push(`${rest} second${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** Whether a message carries files (then its text is `caption`). */
export function hasAttachments(m: Pick<ChatMessage, 'attachments'>): boolean {
  return (m.attachments?.length ?? 0) > 0;
}

/** The text a message shows: its caption when it has files (possibly ""), else its content. */
export function messageText(m: Pick<ChatMessage, 'attachments' | 'caption' | 'content'>): string {
  return hasAttachments(m) ? (m.caption ?? '') : m.content;
}

/**
 * What clients without files see of a message with them (the server's own words, for the
 * message the client shows before the server has it): the caption, else "📎 report.pdf",
 * "📎 3 files", "🎤 Voice message".
 */
export function fallbackText(files: readonly Pick<Attachment, 'kind' | 'name'>[], caption: string): string {
  if (caption.trim() !== '') return caption;
  const first = files[0];
  if (!first) return '';
  if (files.length === 1 && first.kind === 'voice') return '🎤 Voice message';
  if (files.length === 1) return `📎 ${first.name}`;
  return `📎 ${files.length} files`;
}

/** A message's files in words, for screen readers and the chat list: "3 photos", "a voice message". */
export function attachmentsLabel(files: readonly Pick<Attachment, 'kind'>[]): string {
  const counts = new Map<AttachmentKind, number>();
  for (const f of files) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const words: Record<AttachmentKind, [string, string]> = {
    image: ['a photo', 'photos'],
    video: ['a video', 'videos'],
    audio: ['an audio file', 'audio files'],
    voice: ['a voice message', 'voice messages'],
    file: ['a file', 'files'],
  };
  return [...counts]
    .map(([kind, n]) => (n === 1 ? words[kind][0] : `${n} ${words[kind][1]}`))
    .join(', ');
}

/** Shown in an album's grid (and its viewer): images and videos. */
export function isMedia(a: Pick<Attachment, 'kind'>): boolean {
  return a.kind === 'image' || a.kind === 'video';
}

/** A message's files as shown: the album (images and videos, in order), then the others in order. */
export function layoutOf<T extends Pick<Attachment, 'kind'>>(files: readonly T[]): { album: T[]; others: T[] } {
  return { album: files.filter(isMedia), others: files.filter((f) => !isMedia(f)) };
}

/** An album's tiles: at most four, the last one saying how many more ("+N") beyond. */
export function albumTiles<T>(album: readonly T[]): { shown: T[]; more: number } {
  if (album.length <= 4) return { shown: [...album], more: 0 };
  return { shown: album.slice(0, 4), more: album.length - 4 };
}

/** The name shown for a file: its own, else one from its kind. */
export function displayName(name: string, kind: AttachmentKind): string {
  if (name.trim() !== '') return name;
  return kind === 'voice' ? 'Voice message' : kind === 'image' ? 'Photo' : kind === 'video' ? 'Video' : 'File';
}

/** What is in the way of sending `files` with the `already` staged: too many, too large. */
export interface StageCheck<F> {
  accepted: F[];
  /** One sentence per problem, in words. */
  problems: string[];
}

/** Splits the files chosen into those that can be sent and sentences for those that cannot. */
export function checkFiles<F extends { name: string; size: number }>(files: readonly F[], already: number, maxSize: number | null): StageCheck<F> {
  const problems: string[] = [];
  const accepted: F[] = [];
  let tooMany = 0;
  for (const f of files) {
    if (maxSize !== null && f.size > maxSize) {
      problems.push(`${f.name || 'That file'} is ${formatBytes(f.size)}; the limit is ${formatBytes(maxSize)}.`);
    } else if (f.size === 0) {
      problems.push(`${f.name || 'That file'} is empty.`);
    } else if (already + accepted.length >= MAX_ATTACHMENTS) {
      tooMany++;
    } else {
      accepted.push(f);
    }
  }
  if (tooMany > 0) {
    problems.push(
      `A message can carry at most ${MAX_ATTACHMENTS} files; ${tooMany} ${tooMany === 1 ? 'was' : 'were'} not added. Send these first, then the rest in another message.`,
    );
  }
  return { accepted, problems };
}

/** Why an upload stopped, in words a person can act on. `name`: the file's, `size` its bytes. */
export function uploadErrorText(err: unknown, name: string, size: number, maxSize: number | null): string {
  const code = err instanceof ApiError ? err.code : '';
  const status = err instanceof ApiError ? err.status : -1;
  const said = err instanceof Error ? err.message.replace(/\.$/, '') : '';
  if (code === 'file_too_large' || status === 413) {
    return maxSize !== null
      ? `${name} is ${formatBytes(size)}; the limit is ${formatBytes(maxSize)}.`
      : `${name} is ${formatBytes(size)}, more than the server takes.`;
  }
  if (code === 'quota_exceeded' || status === 507) {
    return `There is no room left for your files${said ? ` (${said})` : ''}. Delete some messages with files, or ask the server's admin for more room.`;
  }
  if (code === 'too_many_uploads') return 'Too many uploads at once. Wait for some to finish, then retry.';
  if (code === 'rate_limited' || status === 429) return 'Too many uploads in a short time. Wait a minute, then retry.';
  if (status === 401) return 'Your session has ended. Sign in again to send files.';
  if (status === 0 || code === 'network') return 'No connection. The upload goes on when the connection is back.';
  if (code === 'invalid_request' || status === 400) return `${name} was refused${said ? `: ${said}` : ''}.`;
  if (status === 403) return `${name} cannot be sent here${said ? `: ${said}` : ''}.`;
  if (status >= 500) return `The server could not take ${name} (${said || `error ${status}`}). Retry in a moment.`;
  return said ? `${name} was not uploaded: ${said}.` : `${name} was not uploaded. Retry in a moment.`;
}
