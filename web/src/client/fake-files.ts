// The in-memory server of the unit tests (fakes.ts) with files, as Parley keeps them: uploads
// the test drives by hand (progress, success, a refusal, a dropped connection), the files'
// records, signed links that expire, messages with attachments (their caption, and the text
// older clients see), and edits of a caption. Used only by *.test.ts.
import { ApiError, RequestError } from './errors';
import type { FilesApi } from './files-api';
import { fallbackText, kindOf } from './files';
import type { Attachment, FileLink, LinksAnswer, MessageFiles } from './files-wire';
import { FakeServer } from './fakes';
import type { UploadEvents, UploadRequest, UploadTask, UploadTransport } from './tus-transport';
import type { Acks, RequestName } from './types';
import type { ClientEvents } from './wire';

/** One upload the client started; the test moves it on. */
export class FakeUpload implements UploadTask {
  readonly req: UploadRequest;
  private readonly events: UploadEvents;
  private readonly server: FileServer;
  starts = 0;
  aborted = false;
  terminated = false;
  /** Bytes the server has. */
  offset = 0;
  fileId: string | null = null;

  constructor(server: FileServer, req: UploadRequest, events: UploadEvents) {
    this.server = server;
    this.req = req;
    this.events = events;
  }

  start(): void {
    this.starts++;
    this.aborted = false;
  }

  async abort(terminate: boolean): Promise<void> {
    this.aborted = true;
    if (terminate) {
      this.terminated = true;
      if (this.fileId) this.server.records.delete(this.fileId);
    }
  }

  /** The server has `bytes` more. */
  progress(bytes: number): void {
    this.offset = Math.min(this.req.file.size, this.offset + bytes);
    this.events.progress(this.offset, this.req.file.size);
  }

  /** The rest arrives and the server processes it. */
  finish(extra: Partial<Attachment> = {}): string {
    this.progress(this.req.file.size);
    const id = this.server.newFileId();
    this.fileId = id;
    const kind = this.req.kind === 'voice' ? 'voice' : kindOf(this.req.type);
    this.server.records.set(id, {
      owner: this.req.token,
      file: { id, kind, name: this.req.name, size: this.req.file.size, mime: this.req.type, thumbnail: kind === 'image', ...extra },
    });
    this.events.success(id);
    return id;
  }

  /** The server refuses it (HTTP status, error code, words). */
  refuse(status: number, code: string, message: string): void {
    this.events.error(new ApiError(status, code, message));
  }

  /** The connection dropped and the retries ran out. */
  drop(): void {
    this.events.error(new ApiError(0, 'network', 'Cannot reach the server.'));
  }
}

export class FileServer extends FakeServer implements FilesApi, UploadTransport {
  /** Tus-Max-Size; null: not said. */
  maxSize: number | null = 100_000_000;
  /** Every upload started, in order. */
  uploadsMade: FakeUpload[] = [];
  /** The files' records, by id, with the token of who uploaded it. */
  readonly records = new Map<string, { owner: string; file: Attachment }>();
  /** Ids the caller may not read. */
  readonly deniedIds = new Set<string>();
  /** Each links request's ids, in order. */
  linkRequests: string[][] = [];
  /** How long a link lasts. */
  linkTtlMs = 60 * 60 * 1000;
  /** The clock links expire by. */
  clockMs = () => Date.now();
  private fileCounter = 0;
  private linkVersion = 0;

  newFileId(): string {
    this.fileCounter++;
    return `file-${String(this.fileCounter).padStart(4, '0')}`;
  }

  override ownFile(token: string, id: string): Attachment | null {
    const r = this.records.get(id);
    return r && r.owner === token ? { ...r.file } : null;
  }

  // FilesApi ------------------------------------------------------------------------------

  async maxUploadSize(token: string): Promise<number | null> {
    this.userOf(token);
    return this.maxSize;
  }

  async file(token: string, id: string): Promise<Attachment> {
    this.userOf(token);
    const r = this.records.get(id);
    if (!r) throw new ApiError(404, 'not_found', 'File not found');
    return { ...r.file };
  }

  async links(token: string, ids: readonly string[]): Promise<LinksAnswer> {
    this.userOf(token);
    if (ids.length > 100) throw new ApiError(400, 'invalid_request', 'At most 100 ids');
    this.linkRequests.push([...ids]);
    this.linkVersion++;
    const links: FileLink[] = [];
    const denied: string[] = [];
    for (const id of ids) {
      const r = this.records.get(id);
      if (!r || this.deniedIds.has(id)) {
        denied.push(id);
        continue;
      }
      const sig = `sig=${this.linkVersion}`;
      links.push({
        id,
        url: `/files/${id}?${sig}`,
        ...(r.file.thumbnail ? { thumbnailUrl: `/files/${id}/thumb?${sig}` } : {}),
        downloadUrl: `/files/${id}?download=1&${sig}`,
        expiresAt: this.clockMs() + this.linkTtlMs,
      });
    }
    return { links, denied };
  }

  // UploadTransport -----------------------------------------------------------------------

  create(req: UploadRequest, events: UploadEvents): UploadTask {
    const u = new FakeUpload(this, req, events);
    this.uploadsMade.push(u);
    return u;
  }

  // Messages with files ---------------------------------------------------------------------

  override async request<E extends RequestName>(event: E, payload: ClientEvents[E]): Promise<Acks[E]> {
    if (event === 'message' && this.connected) {
      const p = payload as ClientEvents['message'] & MessageFiles;
      if (p.attachments?.length) {
        this.requests.push([event, payload]);
        return this.storeWithFiles(p) as Acks[E];
      }
    }
    const ack = await super.request(event, payload);
    if (event === 'message:delete' && (payload as ClientEvents['message:delete']).scope === 'everyone') {
      // A tombstone has no files.
      for (const m of this.stored) {
        if (m.deleted && m.attachments) {
          delete m.attachments;
          delete m.caption;
        }
      }
      const messages = (ack as Acks['message:delete']).messages.map((m) => this.stored.find((x) => x.id === m.id) ?? m);
      return { ...ack, messages: messages.map((m) => ({ ...m })) } as Acks[E];
    }
    if (event === 'message:edit') {
      // A message with files: the text edited is its caption.
      const m = (ack as Acks['message:edit']).message;
      const stored = this.stored.find((x) => x.id === m.id);
      if (stored?.attachments?.length) {
        stored.caption = stored.content;
        stored.content = fallbackText(stored.attachments, stored.content);
        return { ...ack, message: { ...stored } } as Acks[E];
      }
    }
    return ack;
  }

  private storeWithFiles(p: ClientEvents['message'] & MessageFiles) {
    const me = this.userOf(this.token ?? '');
    const ids = p.attachments ?? [];
    if (ids.length > 10) throw new RequestError('invalid_input', 'At most 10 attachments');
    const files = ids.map((id) => {
      const r = this.records.get(id);
      if (!r || r.owner !== this.token) throw new RequestError('invalid_input', `attachment ${id} is not a file of yours`);
      return { ...r.file };
    });
    const [m, dup] = this.store(p.chatId, me.id, fallbackText(files, p.content), p.clientMessageId);
    if (!dup) {
      m.attachments = files;
      m.caption = p.content;
    }
    if (this.loseAcks > 0) {
      this.loseAcks--;
      throw new RequestError('timeout', 'The server did not answer in time');
    }
    return { ...m };
  }
}
