// Files and media as the client sees them, pure: what kind a chosen file is, sizes and
// durations in words, a message's caption and the text old clients see in its place, how a
// message's attachments are laid out (an album of images and videos, then the others), the
// checks made before an upload (the server's size limit, ten files a message) and what a
// refusal means, in words a person can act on. The uploads themselves are file-actions.ts's.
import { formatLocale, t } from '../i18n/core';
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
  if (n < 1000) return t('files.bytes', { count: n });
  let v = n / 1000;
  let unit = 0;
  while (v >= 1000 && unit < UNITS.length - 1) {
    v /= 1000;
    unit++;
  }
  const digits = v < 10 ? 1 : 0;
  const value = new Intl.NumberFormat(formatLocale(), { maximumFractionDigits: digits }).format(Number(v.toFixed(digits)));
  return t('files.size', { value, unit: UNITS[unit]! });
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
  if (m > 0) parts.push(t('time.minutes', { count: m }));
  if (rest > 0 || m === 0) parts.push(t('time.seconds', { count: rest }));
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
  const words = {
    image: ['files.photo.one', 'files.photo'],
    video: ['files.video.one', 'files.video'],
    audio: ['files.audio.one', 'files.audio'],
    voice: ['files.voice.one', 'files.voice'],
    file: ['files.file.one', 'files.file'],
  } as const;
  return [...counts]
    .map(([kind, n]) => (n === 1 ? t(words[kind][0]) : t(words[kind][1], { count: n })))
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
  return t(kind === 'voice' ? 'files.name.voice' : kind === 'image' ? 'files.name.image' : kind === 'video' ? 'files.name.video' : 'files.name.file');
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
      problems.push(t('files.tooLarge', { name: f.name || t('files.thatFile'), size: formatBytes(f.size), limit: formatBytes(maxSize) }));
    } else if (f.size === 0) {
      problems.push(t('files.empty', { name: f.name || t('files.thatFile') }));
    } else if (already + accepted.length >= MAX_ATTACHMENTS) {
      tooMany++;
    } else {
      accepted.push(f);
    }
  }
  if (tooMany > 0) {
    problems.push(t('files.tooMany', { max: MAX_ATTACHMENTS, count: tooMany }));
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
      ? t('files.tooLarge', { name, size: formatBytes(size), limit: formatBytes(maxSize) })
      : t('files.tooLargeForServer', { name, size: formatBytes(size) });
  }
  if (code === 'quota_exceeded' || status === 507) {
    return said ? t('files.quotaSaid', { reason: said }) : t('files.quota');
  }
  if (code === 'too_many_uploads') return t('files.tooManyUploads');
  if (code === 'rate_limited' || status === 429) return t('files.rateLimited');
  if (status === 401) return t('files.sessionEnded');
  if (status === 0 || code === 'network') return t('files.noConnection');
  if (code === 'invalid_request' || status === 400) return said ? t('files.refusedSaid', { name, reason: said }) : t('files.refused', { name });
  if (status === 403) return said ? t('files.forbiddenSaid', { name, reason: said }) : t('files.forbidden', { name });
  if (status >= 500) return t('files.serverFailed', { name, reason: said || t('files.serverError', { status: String(status) }) });
  return said ? t('files.notUploadedSaid', { name, reason: said }) : t('files.notUploaded', { name });
}
