// The fake server's blocks (fakes.ts), as Parley keeps them: per user, whom they blocked and
// when; GET /api/v1/me/blocks (the latest first), PUT and DELETE /api/v1/me/blocks/:userId with
// Parley's refusals (400 invalid_input for oneself or a malformed id, 404 for an id of nobody;
// twice is no error), blocks:updated pushed to the client when its user changed them, and the
// effects the client meets: a message into a private chat where either blocked the other is
// refused with `blocked` (in the words for the side of the sender), and neither sees the other's
// presence. A test can make the next changes fail or wait. Used only by the unit tests, through
// FakeServer.blocks.
import { ApiError, BLOCKED, RequestError } from './errors';
import type { BlockList, Chat, RealtimeEvent, User } from './types';

/** What the blocks read of the fake server. */
export interface FakeBlocksHost {
  userList: User[];
  chatList: Chat[];
  /** The user the client is signed in as, if any, and whether it is connected. */
  token: string | null;
  connected: boolean;
  push(e: RealtimeEvent): void;
  /** The server's clock, one second on (ISO 8601). */
  tick(): string;
}

export const BLOCKER_TEXT = 'You blocked this person; unblock them to send messages';
export const BLOCKED_TEXT = 'You cannot send messages to this person';

export class FakeBlocks {
  private readonly host: FakeBlocksHost;
  /** By blocker: whom they blocked, with when, oldest first. */
  private readonly byUser = new Map<string, Array<{ id: string; at: string }>>();
  /** Changes asked for, in order, as [userId, blocked]. */
  readonly changes: Array<[string, boolean]> = [];
  /** GET calls answered. */
  lists = 0;
  /** While set, each GET answers (what the server had when asked) only when the test calls its entry. */
  listGate: Array<() => void> | null = null;
  /** The next changes fail with these errors (one each), then they work again. */
  failChanges: ApiError[] = [];
  /** While set, each change answers only when the test calls its entry. */
  changeGate: Array<() => void> | null = null;

  constructor(host: FakeBlocksHost) {
    this.host = host;
  }

  /** Whether `blocker` blocked `other`. */
  has(blocker: string, other: string): boolean {
    return (this.byUser.get(blocker) ?? []).some((b) => b.id === other);
  }

  /** GET /api/v1/me/blocks for `userId`, through listGate. */
  async get(userId: string): Promise<BlockList> {
    const answer = this.list(userId);
    const gate = this.listGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    return answer;
  }

  /** The blocks of `userId` now. */
  list(userId: string): BlockList {
    this.lists++;
    const held = [...(this.byUser.get(userId) ?? [])].reverse();
    return { blocks: held.map((b) => ({ user: this.person(b.id), blockedAt: b.at })) };
  }

  /** PUT (blocked) or DELETE /api/v1/me/blocks/:otherId for `userId`; blocks:updated to the client if it is them. */
  async set(userId: string, otherId: string, blocked: boolean): Promise<BlockList> {
    this.changes.push([otherId, blocked]);
    const gate = this.changeGate;
    if (gate) await new Promise<void>((resolve) => gate.push(resolve));
    const failure = this.failChanges.shift();
    if (failure) throw failure;
    if (!/^[\w-]+$/.test(otherId)) throw new ApiError(400, 'invalid_input', 'userId is not a user id');
    if (otherId === userId) throw new ApiError(400, 'invalid_input', 'You cannot block yourself');
    if (!this.host.userList.some((u) => u.id === otherId)) throw new ApiError(404, 'not_found', 'User not found');
    const held = this.byUser.get(userId) ?? [];
    const had = held.some((b) => b.id === otherId);
    if (blocked !== had) {
      const at = this.host.tick();
      this.byUser.set(userId, blocked ? [...held, { id: otherId, at }] : held.filter((b) => b.id !== otherId));
      this.notify(userId, { type: 'blocks_updated', event: { userId: otherId, blocked, at } });
    }
    return this.list(userId);
  }

  /** Refuses `senderId` sending into `chat` when it is private and either blocked the other. */
  checkSend(chat: Chat, senderId: string): void {
    if (chat.kind === 'group') return;
    const other = chat.participants.find((p) => p !== senderId);
    if (other === undefined) return;
    if (this.has(senderId, other)) throw new RequestError(BLOCKED, BLOCKER_TEXT);
    if (this.has(other, senderId)) throw new RequestError(BLOCKED, BLOCKED_TEXT);
  }

  /** Whether either of the two blocked the other (then neither sees the other's presence). */
  between(a: string, b: string): boolean {
    return this.has(a, b) || this.has(b, a);
  }

  private notify(userId: string, e: RealtimeEvent): void {
    if (this.host.connected && this.host.token === `token-${userId}`) this.host.push(structuredClone(e));
  }

  private person(id: string): User {
    const u = this.host.userList.find((x) => x.id === id);
    return { id, name: u?.name ?? '', email: u?.email ?? '' };
  }
}
