// The fake server's data exports (fakes.ts), as Parley's export jobs answer: per
// person, started queued (202) with the chats asked for (none: all; a chat the caller is not in:
// 403 forbidden; an unknown format or an empty time range: 400 invalid_input), at most two
// queued or running at once (429 rate_limited), 503 while the test says the exports are
// unavailable; the caller's list newest first; one read with a fresh signed url once done (the
// signature changes on every read); removal (204; 404 for one not the caller's). The test moves
// each export on (running with a count, done with a size and an expiry, failed with the words)
// and export:progress is pushed to the client each time (url null, as the server sends it).
// Used only by the unit tests, through FakeServer.exports, passed to the store as its exportsApi.
import { ApiError } from './errors';
import type { ExportsApi } from './exports-api';
import type { Export, ExportBody } from './exports-wire';
import type { Chat, RealtimeEvent, User } from './types';

export interface FakeExportsHost {
  readonly userList: User[];
  readonly chatList: Chat[];
  readonly restDown: boolean;
  push(e: RealtimeEvent): void;
}

const DAY = 24 * 60 * 60 * 1000;
let counter = 0;

export class FakeExports implements ExportsApi {
  private readonly host: FakeExportsHost;
  /** Every export, by id, with its owner. */
  readonly all = new Map<string, { owner: string; e: Export }>();
  /** Calls answered, as "METHOD what". */
  readonly calls: string[] = [];
  /** The bodies of the exports started, in order. */
  readonly bodies: ExportBody[] = [];
  /** While true, every call answers 503 unavailable. */
  unavailable = false;
  /** The server's clock. */
  now = (): number => Date.now();
  private signatures = 0;

  constructor(host: FakeExportsHost) {
    this.host = host;
  }

  private caller(token: string): User {
    if (this.host.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const u = this.host.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    if (this.unavailable) throw new ApiError(503, 'unavailable', 'Exports are not available right now');
    return u;
  }

  private mine(user: User, id: string): Export {
    const held = this.all.get(id);
    if (!held || held.owner !== user.id) throw new ApiError(404, 'not_found', 'Export not found');
    return held.e;
  }

  /** What the client is sent: a copy, with a freshly signed link when asked and done. */
  private copy(e: Export, signed: boolean): Export {
    return { ...e, chatIds: [...e.chatIds], url: signed && e.state === 'done' ? `/exports/${e.id}/file?sig=${++this.signatures}` : null };
  }

  async create(token: string, body: ExportBody): Promise<Export> {
    const me = this.caller(token);
    this.calls.push('POST create');
    this.bodies.push(structuredClone(body));
    const format = body.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new ApiError(400, 'invalid_input', 'format: must be json or csv');
    if (body.from !== undefined && body.to !== undefined && body.from >= body.to) throw new ApiError(400, 'invalid_input', 'to: must be after from');
    for (const chatId of body.chatIds ?? []) {
      const chat = this.host.chatList.find((c) => c.id === chatId);
      if (!chat || !chat.participants.includes(me.id)) throw new ApiError(403, 'forbidden', 'You are not a member of one of these chats');
    }
    const busy = [...this.all.values()].filter((h) => h.owner === me.id && (h.e.state === 'queued' || h.e.state === 'running'));
    if (busy.length >= 2) throw new ApiError(429, 'rate_limited', 'Two exports are being made already');
    counter++;
    const e: Export = {
      id: `export-${String(counter).padStart(6, '0')}`,
      format,
      state: 'queued',
      done: 0,
      total: 0,
      size: 0,
      chatIds: [...(body.chatIds ?? [])],
      from: body.from ?? null,
      to: body.to ?? null,
      error: null,
      createdAt: this.now(),
      finishedAt: null,
      expiresAt: null,
      url: null,
    };
    this.all.set(e.id, { owner: me.id, e });
    return this.copy(e, false);
  }

  async list(token: string): Promise<Export[]> {
    const me = this.caller(token);
    this.calls.push('GET list');
    return [...this.all.values()]
      .filter((h) => h.owner === me.id)
      .map((h) => this.copy(h.e, false))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  async get(token: string, id: string): Promise<Export> {
    const me = this.caller(token);
    this.calls.push(`GET ${id}`);
    return this.copy(this.mine(me, id), true);
  }

  async remove(token: string, id: string): Promise<void> {
    const me = this.caller(token);
    this.calls.push(`DELETE ${id}`);
    this.mine(me, id);
    this.all.delete(id);
  }

  // The test's controls: each one changes the export and tells the client (export:progress).

  /** Running, `done` of `total` written. */
  progress(id: string, done: number, total: number): Export {
    return this.change(id, { state: 'running', done, total });
  }

  /** Done: the file written, `size` bytes, downloadable for a week. */
  finish(id: string, size: number): Export {
    const at = this.now();
    const held = this.all.get(id)?.e;
    return this.change(id, { state: 'done', done: held?.total ?? 0, size, finishedAt: at, expiresAt: at + 7 * DAY });
  }

  /** Failed, with the words. */
  fail(id: string, error: string): Export {
    return this.change(id, { state: 'failed', error, finishedAt: this.now() });
  }

  private change(id: string, patch: Partial<Export>): Export {
    const held = this.all.get(id);
    if (!held) throw new Error(`no export ${id}`);
    held.e = { ...held.e, ...patch };
    this.host.push({ type: 'export_progress', event: this.copy(held.e, false) });
    return held.e;
  }
}
