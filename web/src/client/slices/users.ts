// The users slice: everyone this client knows, with presence. The user list comes from the
// server (sync.ts); presence events (users:update) change one user at a time.
import type { PresenceEvent, User } from '../types';
import { Slice } from './slice';

export class UsersSlice extends Slice<Readonly<Record<string, User>>> {
  constructor() {
    super({});
  }

  user(id: string): User | undefined {
    return this.get()[id];
  }

  /**
   * Applies a presence event to a known user (false when the user is not known: the caller
   * fetches the list). Going offline without a lastSeen means "just now".
   */
  applyPresence(e: PresenceEvent, now: Date): boolean {
    const user = this.get()[e.userId];
    if (!user) return false;
    const next: User = { ...user, isOnline: e.isOnline };
    if (e.lastSeen !== undefined) next.lastSeen = e.lastSeen;
    else if (!e.isOnline) next.lastSeen = now.getTime();
    this.set({ ...this.get(), [e.userId]: next });
    return true;
  }
}
