// The session slice: who is signed in, with which token, and why the last session ended. It
// keeps storage in step (token, user and notice survive a reload); when sessions start and end
// is the store's decision (store.ts).
import { t as translate } from '../../i18n/core';
import { ApiError } from '../errors';
import { NOTICE_KEY, TOKEN_KEY, USER_KEY, isUser, type AuthState } from '../state';
import { readJson, type KeyValueStorage } from '../storage';
import type { User } from '../types';
import { Slice } from './slice';

export function signedOut(notice: string | null): AuthState {
  return { status: 'anonymous', token: null, user: null, notice };
}

export class SessionSlice extends Slice<AuthState> {
  private readonly storage: KeyValueStorage;

  constructor(storage: KeyValueStorage) {
    super(signedOut(null));
    this.storage = storage;
  }

  /** The session storage holds from the last page, if any. */
  saved(): { token: string; user: User } | null {
    const token = this.storage.getItem(TOKEN_KEY);
    const user = readJson(this.storage, USER_KEY, isUser);
    return token && user ? { token, user } : null;
  }

  /** Signed out, with the notice the last session left (a reload of the login page says it). */
  showSignedOut(): void {
    this.set(signedOut(this.storage.getItem(NOTICE_KEY)));
  }

  signIn(token: string, user: User): void {
    this.storage.setItem(TOKEN_KEY, token);
    this.storage.setItem(USER_KEY, JSON.stringify(user));
    this.storage.removeItem(NOTICE_KEY);
    this.set({ status: 'authenticated', token, user, notice: null });
  }

  /** The server's fresh copy of the signed-in user. */
  setUser(user: User): void {
    this.storage.setItem(USER_KEY, JSON.stringify(user));
    this.set({ ...this.get(), user });
  }

  /** Forgets the session, in storage too; `notice` says why on the login page. */
  signOut(notice: string | null): void {
    this.storage.removeItem(TOKEN_KEY);
    this.storage.removeItem(USER_KEY);
    if (notice) this.storage.setItem(NOTICE_KEY, notice);
    else this.storage.removeItem(NOTICE_KEY);
    this.set(signedOut(notice));
  }

  dismissNotice(): void {
    this.storage.removeItem(NOTICE_KEY);
    const s = this.get();
    if (s.notice) this.set({ ...s, notice: null });
  }

  /** The session's token; an ApiError 401 when signed out. */
  token(): string {
    const t = this.get().token;
    if (!t) throw new ApiError(401, 'unauthorized', translate('app.session.notSignedIn'));
    return t;
  }

  me(): User | null {
    return this.get().user;
  }
}
