// The threads slices: each thread the user opened (its root and the replies fetched or heard),
// keyed by root, and the list of the threads the user follows with their unread counts. The
// pure transitions are in ../threads.ts; ../thread-actions.ts changes these.
import { EMPTY_FOLLOWED, EMPTY_THREAD, type FollowedState, type ThreadState } from '../threads';
import type { ViewMessage } from '../types';
import { KeyedSlice, Slice } from './slice';

export class ThreadsSlice extends KeyedSlice<ThreadState> {
  /** Changes one thread (an empty one of `chatId` if none is held yet). */
  patch(rootId: string, chatId: string, fn: (t: ThreadState) => ThreadState): void {
    const prev = this.entry(rootId) ?? { ...EMPTY_THREAD, chatId };
    const next = fn(prev);
    if (next !== prev) this.setEntry(rootId, next);
  }

  /** Applies one list transition to every held thread of a chat (its root and its replies). */
  mapChat(chatId: string, fn: (items: ViewMessage[]) => ViewMessage[]): void {
    const all = this.get();
    let changed = false;
    const out: Record<string, ThreadState> = { ...all };
    for (const [rootId, t] of Object.entries(all)) {
      if (t.chatId !== chatId) continue;
      const replies = fn(t.replies);
      const roots = t.root ? fn([t.root]) : null;
      const root = roots ? (roots[0] ?? null) : null;
      if (replies === t.replies && root === t.root) continue;
      out[rootId] = { ...t, replies, root };
      changed = true;
    }
    if (changed) this.set(out);
  }

  reset(): void {
    this.set({});
  }
}

export class FollowedSlice extends Slice<FollowedState> {
  constructor() {
    super(EMPTY_FOLLOWED);
  }

  reset(): void {
    this.set(EMPTY_FOLLOWED);
  }
}
