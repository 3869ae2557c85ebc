// The fake server's privacy settings (fakes.ts), as Parley keeps them: per user, read receipts,
// typing, who sees the last seen and online status (everybody, the people they share a private
// chat with, nobody) with the exceptions "always" and "never" (someone in both is in never; at
// most 1000 each); GET and PATCH /api/v1/me/privacy with Parley's refusals (400 invalid_input,
// 404 for an id of nobody), privacy:updated pushed to the client when its user changed them,
// and presence as one user may see another's (reciprocity: hidden both ways). A test can make
// the next PATCHes fail or wait. Used only by the unit tests, through FakeServer.privacy.
import { ApiError } from './errors';
import type { Chat, LastSeenAudience, PrivacyPatch, PrivacySettings, RealtimeEvent, User } from './types';

const MAX_IDS = 1000;
const AUDIENCES: readonly LastSeenAudience[] = ['everybody', 'contacts', 'nobody'];

interface Stored {
  readReceipts: boolean;
  typing: boolean;
  lastSeen: LastSeenAudience;
  always: string[];
  never: string[];
}

const DEFAULTS: Stored = { readReceipts: true, typing: true, lastSeen: 'everybody', always: [], never: [] };

/** What the privacy settings read of the fake server. */
export interface FakePrivacyHost {
  userList: User[];
  chatList: Chat[];
  /** The user the client is signed in as, if any, and whether it is connected. */
  token: string | null;
  connected: boolean;
  push(e: RealtimeEvent): void;
}

export class FakePrivacy {
  private readonly host: FakePrivacyHost;
  private readonly byUser = new Map<string, Stored>();
  /** PATCH bodies received, in order. */
  readonly patches: PrivacyPatch[] = [];
  /** The next PATCHes fail with these errors (one each), then they work again. */
  failPatches: ApiError[] = [];
  /** While set, each PATCH answers only when the test calls its entry. */
  patchGate: Array<() => void> | null = null;

  constructor(host: FakePrivacyHost) {
    this.host = host;
  }

  /** `userId`'s settings as stored (ids). */
  of(userId: string): Stored {
    return this.byUser.get(userId) ?? DEFAULTS;
  }

  /** GET /api/v1/me/privacy for `userId`. */
  get(userId: string): PrivacySettings {
    const p = this.of(userId);
    return { ...p, always: p.always.map((id) => this.person(id)), never: p.never.map((id) => this.person(id)) };
  }

  /** PATCH /api/v1/me/privacy for `userId`: Parley's checks, then privacy:updated to the client if it is them. */
  async patch(userId: string, body: PrivacyPatch): Promise<PrivacySettings> {
    this.patches.push(structuredClone(body));
    const gate = this.patchGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    const failure = this.failPatches.shift();
    if (failure) throw failure;
    const next = { ...this.of(userId) };
    if (body.readReceipts !== undefined) next.readReceipts = this.bool(body.readReceipts, 'readReceipts');
    if (body.typing !== undefined) next.typing = this.bool(body.typing, 'typing');
    if (body.lastSeen !== undefined) {
      if (!AUDIENCES.includes(body.lastSeen)) throw new ApiError(400, 'invalid_input', 'lastSeen must be everybody, contacts or nobody');
      next.lastSeen = body.lastSeen;
    }
    if (body.always !== undefined) next.always = this.ids(body.always, 'always');
    if (body.never !== undefined) next.never = this.ids(body.never, 'never');
    next.always = next.always.filter((id) => !next.never.includes(id));
    this.byUser.set(userId, next);
    const settings = this.get(userId);
    if (this.host.connected && this.host.token === `token-${userId}`) this.host.push({ type: 'privacy', settings: structuredClone(settings) });
    return settings;
  }

  /** Whether `subject` lets `viewer` see their last seen (their setting alone). */
  shares(subject: string, viewer: string): boolean {
    const p = this.of(subject);
    if (p.never.includes(viewer)) return false;
    if (p.always.includes(viewer)) return true;
    if (p.lastSeen === 'everybody') return true;
    if (p.lastSeen === 'nobody') return false;
    return this.host.chatList.some(
      (c) => c.kind !== 'group' && c.participants.includes(subject) && c.participants.includes(viewer),
    );
  }

  /** `subject` as `viewer` sees them: offline with no last seen unless both share (reciprocity). */
  presenceAs(viewer: string, subject: User): User {
    if (viewer === subject.id || (this.shares(subject.id, viewer) && this.shares(viewer, subject.id))) return subject;
    return { ...subject, isOnline: false, lastSeen: null };
  }

  private person(id: string): User {
    const u = this.host.userList.find((x) => x.id === id);
    return { id, name: u?.name ?? '', email: u?.email ?? '' };
  }

  private bool(v: unknown, name: string): boolean {
    if (typeof v !== 'boolean') throw new ApiError(400, 'invalid_input', `${name} must be true or false`);
    return v;
  }

  private ids(v: unknown, name: string): string[] {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ApiError(400, 'invalid_input', `${name} must be a list of user ids`);
    if (v.length > MAX_IDS) throw new ApiError(400, 'invalid_input', `${name} takes at most ${MAX_IDS} users`);
    for (const id of v as string[]) {
      if (!this.host.userList.some((u) => u.id === id)) throw new ApiError(404, 'not_found', 'User not found');
    }
    return [...new Set(v as string[])];
  }
}
