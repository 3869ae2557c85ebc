// Files and media applied to the client's state (store.files): the files the person adds to a
// chat's message box (its tray), their uploads, the messages sent with them, and the signed
// links to read files (file-links.ts).
//  - Uploads start as soon as a file is added, not on send: by the time the caption is
//    written the upload is done or well along, and a refusal (too large, no room) shows
//    while the person can still act on it. Removing a file from the tray deletes its upload
//    on the server (tus termination).
//  - Sending takes the tray's files: the message shows at once, pending, with each file's
//    progress ("uploading 42%"); once every upload has finished (the server has processed
//    the file) it goes into the outbox with the files' ids and is sent like any message
//    (in order, retried, kept across reloads). Until then it is not in the outbox: a File
//    cannot be kept in storage, so a reload in the middle of an upload loses that message
//    (choosing the same file again resumes its upload where it stopped, tus-transport.ts).
//  - A dropped connection pauses an upload ("waiting for the connection"); it resumes from
//    the server's offset when the socket is back. A refusal marks the message as not sent,
//    with the reason in words, and Retry or Delete.
// Used by ChatStore; the pure rules are in files.ts.
import { t } from '../i18n/core';
import { ApiError } from './errors';
import type { FilesApi } from './files-api';
import { FileLinks } from './file-links';
import { checkFiles, fallbackText, kindOf, uploadErrorText } from './files';
import type { Attachment, AttachmentKind } from './files-wire';
import { markFailed, pendingId, removeMessage } from './messages';
import { linksOf, newClientMessageId, type MessageLinks, type OutboxItem } from './outbox';
import type { Slices } from './slices';
import { KeyedSlice } from './slices/slice';
import type { UploadTask, UploadTransport } from './tus-transport';

export type UploadStatus = 'uploading' | 'waiting' | 'done' | 'failed';

/** One file being uploaded, as the tray and the pending message show it. */
export interface UploadState {
  id: string;
  chatId: string;
  name: string;
  size: number;
  mime: string;
  kind: AttachmentKind;
  /** A local address of the file (images, videos, voice), shown until the server's is there. */
  previewUrl?: string;
  /** Bytes the server has. */
  sent: number;
  status: UploadStatus;
  /** Why it is waiting or failed, in words. */
  error?: string;
  /** The file's id once uploaded; its record once read. */
  fileId?: string;
  attachment?: Attachment;
  /** The message it was sent with (its clientMessageId); absent while in the tray. */
  messageId?: string;
  /** Voice recorded here: its length in seconds. */
  duration?: number;
}

export interface FilesHost {
  readonly api: FilesApi;
  readonly transport: UploadTransport;
  readonly slices: Slices;
  session(): number;
  now(): Date;
  /** The message's files are uploaded: into the outbox, and sent. */
  enqueue(item: OutboxItem): void;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud?: boolean): void;
}

/** A message waiting for its uploads. */
interface Outgoing {
  item: OutboxItem;
  uploads: string[];
}

const PREVIEWED: readonly AttachmentKind[] = ['image', 'video', 'voice'];

/** Whether an upload has finished: the server has the file (its id is known), and it did not fail. */
export function finishedUpload(u: UploadState | undefined): boolean {
  return u !== undefined && u.fileId !== undefined && u.status !== 'failed';
}

function objectUrl(blob: Blob): string | undefined {
  try {
    return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(blob) : undefined;
  } catch {
    return undefined;
  }
}

function revoke(url: string | undefined): void {
  if (url && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url);
}

export class FileActions {
  /** Every upload of this session not yet part of a sent message's record, by id. */
  readonly uploads = new KeyedSlice<UploadState>();
  /** Each chat's tray: the uploads added to its message box, in order. */
  readonly staged = new KeyedSlice<readonly string[]>();
  /** Each chat's tray's notice: files that could not be added, in words. */
  readonly notices = new KeyedSlice<string>();
  /** Signed links to read files. */
  readonly links: FileLinks;

  private readonly host: FilesHost;
  private readonly tasks = new Map<string, UploadTask>();
  private readonly blobs = new Map<string, Blob>();
  private readonly outgoing = new Map<string, Outgoing>();
  /** Local addresses of files sent this session, by file id: shown until the server's thumbnail loads. */
  private readonly previews = new Map<string, string>();
  private maxSizeAsked: Promise<number | null> | null = null;
  private counter = 0;
  private readonly unsubscribe: () => void;

  constructor(host: FilesHost) {
    this.host = host;
    this.links = new FileLinks({
      api: host.api,
      token: () => host.slices.session.get().token ?? '',
      session: host.session,
      now: () => host.now().getTime(),
      handleError: (err, s) => host.handleError(err, s, false),
    });
    let was = host.slices.connection.get();
    this.unsubscribe = host.slices.connection.subscribe(() => {
      const now = host.slices.connection.get();
      if (now === 'connected' && was !== 'connected') this.resume();
      was = now;
    });
  }

  /** The largest file the server takes (its Tus-Max-Size), null when it does not say or cannot be asked. */
  maxSize(): Promise<number | null> {
    if (!this.maxSizeAsked) {
      const s = this.host.session();
      this.maxSizeAsked = this.host.api.maxUploadSize(this.token()).catch(() => {
        if (s === this.host.session()) this.maxSizeAsked = null; // asked again next time
        return null;
      });
    }
    return this.maxSizeAsked;
  }

  /** A local address of a file sent from here this session (its image before the server's loads). */
  localPreview(fileId: string): string | undefined {
    return this.previews.get(fileId);
  }

  // ------------------------------------------------------------------------------------------
  // The tray

  /**
   * Adds files to a chat's tray and starts uploading them; those that cannot be sent (over
   * the server's limit, empty, beyond ten) are left out and the tray's notice says why.
   */
  async stage(chatId: string, files: readonly File[]): Promise<void> {
    const s = this.host.session();
    const max = await this.maxSize();
    if (s !== this.host.session() || files.length === 0) return;
    const held = this.staged.entry(chatId) ?? [];
    const { accepted, problems } = checkFiles(files, held.length, max);
    if (problems.length > 0) this.notices.setEntry(chatId, problems.join(' '));
    else this.notices.deleteEntry(chatId);
    const ids = accepted.map((f) => this.begin(chatId, f, f.name || 'file', f.type || 'application/octet-stream', kindOf(f.type)));
    if (ids.length > 0) this.staged.setEntry(chatId, [...(this.staged.entry(chatId) ?? []), ...ids]);
  }

  /** Takes a file out of the tray (its upload stopped and deleted). */
  unstage(uploadId: string): void {
    const u = this.uploads.entry(uploadId);
    if (!u) return;
    const list = this.staged.entry(u.chatId) ?? [];
    const rest = list.filter((id) => id !== uploadId);
    if (rest.length > 0) this.staged.setEntry(u.chatId, rest);
    else this.staged.deleteEntry(u.chatId);
    this.notices.deleteEntry(u.chatId);
    this.drop(uploadId, true);
  }

  dismissNotice(chatId: string): void {
    this.notices.deleteEntry(chatId);
  }

  /** Starts a failed or waiting upload again (it resumes where the server has it). */
  retryUpload(uploadId: string): void {
    const u = this.uploads.entry(uploadId);
    if (!u || u.status === 'done' || u.status === 'uploading') return;
    this.patch(uploadId, { status: 'uploading', error: undefined });
    if (u.fileId) void this.finished(uploadId, u.fileId, this.host.session());
    else if (u.status === 'waiting' && this.tasks.has(uploadId)) this.tasks.get(uploadId)?.start();
    else this.startTask(uploadId);
  }

  /**
   * The tray's files once every one has finished uploading (the server has it: its file id),
   * for a scheduled message; null while one is still uploading or failed, or the tray is empty.
   */
  finishedStaged(chatId: string): Array<{ uploadId: string; fileId: string; name: string }> | null {
    const ids = this.staged.entry(chatId) ?? [];
    const out: Array<{ uploadId: string; fileId: string; name: string }> = [];
    for (const id of ids) {
      const u = this.uploads.entry(id);
      if (!u || !finishedUpload(u) || !u.fileId) return null;
      out.push({ uploadId: id, fileId: u.fileId, name: u.name });
    }
    return out.length > 0 ? out : null;
  }

  /**
   * The tray's files `uploadIds` went with a scheduled message: taken out of the tray as a send
   * takes them, their uploads kept on the server (the schedule carries them now).
   */
  handOver(chatId: string, uploadIds: readonly string[]): void {
    const rest = (this.staged.entry(chatId) ?? []).filter((id) => !uploadIds.includes(id));
    if (rest.length > 0) this.staged.setEntry(chatId, rest);
    else this.staged.deleteEntry(chatId);
    this.notices.deleteEntry(chatId);
    for (const id of uploadIds) this.drop(id, false);
  }

  // ------------------------------------------------------------------------------------------
  // Sending

  /**
   * Sends the tray's files with `caption` (may be ""): shown at once, sent once uploaded.
   * Returns false when the tray is empty (the text goes as a plain message then).
   */
  send(chatId: string, caption: string, links: MessageLinks = {}): boolean {
    const ids = (this.staged.entry(chatId) ?? []).filter((id) => this.uploads.entry(id)?.status !== 'failed');
    const me = this.host.slices.session.me();
    if (ids.length === 0 || !me || !this.host.slices.outbox.isOpen()) return false;
    for (const id of this.staged.entry(chatId) ?? []) if (!ids.includes(id)) this.drop(id, true);
    this.staged.deleteEntry(chatId);
    this.notices.deleteEntry(chatId);
    this.sendUploads(chatId, ids, caption.trim(), links);
    return true;
  }

  /** Sends a voice message recorded here (`duration` in seconds): its own message, no caption. */
  sendVoice(chatId: string, blob: Blob, duration: number): void {
    const type = (blob.type || 'audio/webm').split(';')[0] ?? 'audio/webm';
    const ext = type.includes('ogg') ? 'ogg' : type.includes('mp4') ? 'm4a' : 'webm';
    const id = this.begin(chatId, blob, `voice-message.${ext}`, type, 'voice');
    this.patch(id, { duration });
    this.sendUploads(chatId, [id], '', {});
  }

  /** Stops one file of a message still uploading (or of the tray); a message left with none is dropped. */
  cancel(uploadId: string): void {
    const u = this.uploads.entry(uploadId);
    if (!u) return;
    if (!u.messageId) {
      this.unstage(uploadId);
      return;
    }
    const o = this.outgoing.get(u.messageId);
    this.drop(uploadId, true);
    if (!o) return;
    o.uploads = o.uploads.filter((id) => id !== uploadId);
    const local = pendingId(o.item.clientMessageId);
    if (o.uploads.length === 0) {
      this.outgoing.delete(o.item.clientMessageId);
      this.host.slices.messages.patch(o.item.chatId, (st) => ({ ...st, items: removeMessage(st.items, local) }));
      return;
    }
    this.patchMessage(o.item.chatId, local, { localUploads: [...o.uploads] });
    this.check(o.item.clientMessageId);
  }

  /** "Retry" on a message whose upload was refused: its failed uploads start again. False: not one of these. */
  retryMessage(clientMessageId: string): boolean {
    const o = this.outgoing.get(clientMessageId);
    if (!o) return false;
    const local = pendingId(clientMessageId);
    this.patchMessage(o.item.chatId, local, { pending: true, failed: undefined });
    for (const id of o.uploads) {
      const u = this.uploads.entry(id);
      if (u && u.status !== 'done') this.retryUpload(id);
    }
    this.check(clientMessageId);
    return true;
  }

  /** "Delete" on a message whose upload was refused: its uploads stopped, the message gone. False: not one of these. */
  discardMessage(clientMessageId: string): boolean {
    const o = this.outgoing.get(clientMessageId);
    if (!o) return false;
    this.outgoing.delete(clientMessageId);
    for (const id of o.uploads) this.drop(id, true);
    const local = pendingId(clientMessageId);
    this.host.slices.messages.patch(o.item.chatId, (st) => ({ ...st, items: removeMessage(st.items, local) }));
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // The session

  /** Stops every upload (kept on the server for a later resumption) and forgets them (the session ended). */
  reset(): void {
    for (const task of this.tasks.values()) void task.abort(false);
    for (const u of Object.values(this.uploads.get())) revoke(u.previewUrl);
    for (const url of this.previews.values()) revoke(url);
    this.tasks.clear();
    this.blobs.clear();
    this.outgoing.clear();
    this.previews.clear();
    this.maxSizeAsked = null;
    this.uploads.set({});
    this.staged.set({});
    this.notices.set({});
    this.links.reset();
  }

  destroy(): void {
    this.reset();
    this.unsubscribe();
    for (const s of [this.uploads, this.staged, this.notices, this.links.entries]) s.clearListeners();
  }

  // ------------------------------------------------------------------------------------------

  private token(): string {
    return this.host.slices.session.get().token ?? '';
  }

  /** A new upload of `blob`, started. */
  private begin(chatId: string, blob: Blob, name: string, mime: string, kind: AttachmentKind): string {
    const id = `upload-${++this.counter}`;
    this.blobs.set(id, blob);
    this.uploads.setEntry(id, {
      id,
      chatId,
      name,
      size: blob.size,
      mime,
      kind,
      ...(PREVIEWED.includes(kind) ? { previewUrl: objectUrl(blob) } : {}),
      sent: 0,
      status: 'uploading',
    });
    this.startTask(id);
    return id;
  }

  private startTask(id: string): void {
    const u = this.uploads.entry(id);
    const blob = this.blobs.get(id);
    const me = this.host.slices.session.me();
    if (!u || !blob || !me) return;
    void this.tasks.get(id)?.abort(false);
    const s = this.host.session();
    const task = this.host.transport.create(
      { file: blob, name: u.name, type: u.mime, ...(u.kind === 'voice' ? { kind: 'voice' as const } : {}), token: this.token(), userId: me.id },
      {
        progress: (sent) => {
          if (this.tasks.get(id) === task) this.patch(id, { sent, status: 'uploading', error: undefined });
        },
        success: (fileId) => {
          if (this.tasks.get(id) !== task) return;
          this.tasks.delete(id);
          void this.finished(id, fileId, s);
        },
        error: (err) => {
          if (this.tasks.get(id) === task) this.failed(id, err, s);
        },
      },
    );
    this.tasks.set(id, task);
    task.start();
  }

  /** The server has the file: its record is read, and the message it belongs to may go. */
  private async finished(id: string, fileId: string, s: number): Promise<void> {
    this.patch(id, { fileId, sent: this.uploads.entry(id)?.size ?? 0 });
    try {
      const attachment = await this.host.api.file(this.token(), fileId);
      if (s !== this.host.session() || !this.uploads.entry(id)) return;
      this.patch(id, { status: 'done', attachment, error: undefined });
      this.blobs.delete(id);
      const messageId = this.uploads.entry(id)?.messageId;
      if (messageId) this.check(messageId);
    } catch (err) {
      if (s !== this.host.session()) return;
      this.failed(id, err instanceof ApiError ? err : new ApiError(0, 'network', String(err)), s);
    }
  }

  private failed(id: string, err: ApiError, s: number): void {
    const u = this.uploads.entry(id);
    if (!u || s !== this.host.session()) return;
    if (err.isUnauthorized) {
      this.host.handleError(err, s, false);
      return;
    }
    const text = uploadErrorText(err, u.name, u.size, null);
    if (err.isNetwork) {
      // Paused: resumed when the connection is back (resume()).
      this.patch(id, { status: 'waiting', error: text });
      return;
    }
    this.tasks.delete(id);
    void this.maxSize().then((max) => {
      if (s !== this.host.session() || !this.uploads.entry(id)) return;
      this.patch(id, { status: 'failed', error: uploadErrorText(err, u.name, u.size, max) });
      if (u.messageId) this.check(u.messageId);
    });
  }

  /** The connection is back: paused uploads go on, links not read are asked for again. */
  private resume(): void {
    for (const u of Object.values(this.uploads.get())) if (u.status === 'waiting') this.retryUpload(u.id);
    this.links.retry();
  }

  private sendUploads(chatId: string, ids: string[], caption: string, links: MessageLinks): void {
    const me = this.host.slices.session.me();
    if (!me) return;
    const item: OutboxItem = {
      clientMessageId: newClientMessageId(),
      chatId,
      content: caption,
      createdAt: this.host.now().toISOString(),
      ...linksOf(links),
    };
    for (const id of ids) this.patch(id, { messageId: item.clientMessageId });
    this.outgoing.set(item.clientMessageId, { item, uploads: ids });
    const files = ids.map((id) => this.uploads.entry(id)).filter((u) => u !== undefined);
    this.host.slices.messages.addPending(item, me.id, { ids: [...ids], fallback: fallbackText(files, caption) });
    this.check(item.clientMessageId);
  }

  /** A message waiting for its uploads: sent once all are done, marked not sent when one failed. */
  private check(clientMessageId: string): void {
    const o = this.outgoing.get(clientMessageId);
    if (!o) return;
    const states = o.uploads.map((id) => this.uploads.entry(id));
    const local = pendingId(clientMessageId);
    const failed = states.find((u) => u?.status === 'failed');
    if (failed) {
      const reason = failed.error ?? t('files.uploadFailed');
      this.host.slices.messages.patch(o.item.chatId, (st) => ({ ...st, items: markFailed(st.items, clientMessageId, reason) }));
      return;
    }
    const files: Attachment[] = [];
    for (const u of states) {
      if (!u?.attachment) return;
      files.push(u.attachment);
    }
    this.outgoing.delete(clientMessageId);
    const item: OutboxItem = { ...o.item, attachments: files.map((f) => f.id), files };
    for (const u of states) {
      if (!u) continue;
      if (u.previewUrl && u.kind === 'image') this.previews.set(u.attachment?.id ?? '', u.previewUrl);
      else revoke(u.previewUrl);
      this.uploads.deleteEntry(u.id);
    }
    this.patchMessage(o.item.chatId, local, {
      localUploads: undefined,
      attachments: files,
      caption: item.content,
      content: fallbackText(files, item.content),
    });
    this.host.enqueue(item);
  }

  /** Forgets an upload: stopped (and with `terminate`, deleted on the server), its local address released. */
  private drop(id: string, terminate: boolean): void {
    const u = this.uploads.entry(id);
    void this.tasks.get(id)?.abort(terminate);
    this.tasks.delete(id);
    this.blobs.delete(id);
    revoke(u?.previewUrl);
    this.uploads.deleteEntry(id);
  }

  private patch(id: string, change: Partial<UploadState>): void {
    const u = this.uploads.entry(id);
    if (u) this.uploads.setEntry(id, { ...u, ...change });
  }

  private patchMessage(chatId: string, localId: string, change: Record<string, unknown>): void {
    this.host.slices.messages.patch(chatId, (st) => {
      let changed = false;
      const items = st.items.map((m) => {
        if (m.id !== localId) return m;
        changed = true;
        const next = { ...m, ...change };
        for (const [k, v] of Object.entries(change)) if (v === undefined) delete (next as Record<string, unknown>)[k];
        return next;
      });
      return changed ? { ...st, items } : st;
    });
  }
}
