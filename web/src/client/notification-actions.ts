// The user's notification settings applied to the client's state: loaded on every connect
// (after signing in and after each reconnect, since notifications:updated may have been missed
// meanwhile), changed at once as the user changes them (the switches with one PATCH each, a
// chat's level or mute with one PUT each, one at a time, in order; shown before the server
// answers, what it last said back if it refuses, with the refusal in words), and followed from
// the user's other devices (notifications:updated). Each chat's setting is also kept by chat
// (`chats`), so a line of the chat list hears only of its own chat. Used by ChatStore (its
// `notifications`); the pure rules are in notifications.ts.
import { ApiError, errorMessage } from './errors';
import {
  applyChange,
  chatSetting,
  muteUntil,
  notificationsErrorText,
  readChatNotifications,
  readNotificationSettings,
  withChat,
  type NotificationChange,
} from './notifications';
import type { NotificationsApi } from './notifications-api';
import type { ChatNotifications, NotificationSettings, NotifyLevel } from './notifications-wire';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { KeyedSlice, Slice } from './slices/slice';
import type { RealtimeEvent } from './types';

export interface NotificationsView {
  /** The settings as shown: the server's, with the changes on their way; null until loaded. */
  settings: NotificationSettings | null;
  loading: boolean;
  /** Loading failed (retry with load()). */
  loadError: string | null;
  /** 'saving' while changes are on their way, 'saved' once the server took them all. */
  save: 'idle' | 'saving' | 'saved' | 'failed';
  /** Why the last change was not saved. */
  error: string | null;
}

const INITIAL: NotificationsView = { settings: null, loading: false, loadError: null, save: 'idle', error: null };
const NO_CHATS: Readonly<Record<string, ChatNotifications>> = Object.freeze({});

export interface NotificationHost {
  /** null: this client keeps no notification settings (the defaults apply). */
  readonly api: NotificationsApi | null;
  readonly realtime: Realtime;
  readonly slices: Slices;
  session(): number;
  now(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  showToast(text: string): void;
}

export class NotificationActions {
  readonly view = new Slice<NotificationsView>(INITIAL);
  /** Each chat's setting as shown, by chat; only the chats not at the default are here. */
  readonly chats = new KeyedSlice<ChatNotifications>();

  private readonly host: NotificationHost;
  private readonly unsubscribe: () => void;
  /** What the server last said. */
  private confirmed: NotificationSettings | null = null;
  /** Changes not answered yet, in order; the first is on its way. */
  private queue: NotificationChange[] = [];
  private sending = false;
  /** Orders loads against newer news (an event, an answer): an older load is dropped. */
  private mark = 0;
  private applied = 0;

  constructor(host: NotificationHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets the settings and what is on its way (the session ended). */
  reset(): void {
    this.confirmed = null;
    this.queue = [];
    this.sending = false;
    this.applied = ++this.mark;
    this.view.set(INITIAL);
    this.chats.set(NO_CHATS);
  }

  destroy(): void {
    this.unsubscribe();
    this.view.clearListeners();
    this.chats.clearListeners();
  }

  /** The settings as shown (null until loaded). */
  settings(): NotificationSettings | null {
    return this.view.get().settings;
  }

  /** One chat's setting as shown (the default until loaded). */
  chat(chatId: string): ChatNotifications {
    return this.chats.entry(chatId) ?? chatSetting(null, chatId);
  }

  /**
   * Reads the settings from the server. `fresh`: a new look at them (the dialog opened), which
   * forgets the "Saved." or the error of before.
   */
  async load(fresh = true): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    const s = this.host.session();
    const mark = ++this.mark;
    this.patchView(fresh && this.queue.length === 0 ? { loading: true, loadError: null, save: 'idle', error: null } : { loading: true, loadError: null });
    try {
      const answer = readNotificationSettings(await api.getNotifications(this.host.slices.session.token()));
      if (s !== this.host.session()) return;
      if (mark >= this.applied) this.confirm(answer, mark);
      this.patchView({ loading: false });
    } catch (err) {
      if (s !== this.host.session()) return;
      this.host.handleError(err, s, false);
      this.patchView({ loading: false, loadError: errorMessage(err) });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Changes: each shown at once and sent, in order

  setPush(on: boolean): void {
    this.change({ kind: 'account', patch: { push: on } });
  }

  setPreviews(on: boolean): void {
    this.change({ kind: 'account', patch: { previews: on } });
  }

  setSound(on: boolean): void {
    this.change({ kind: 'account', patch: { sound: on } });
  }

  setChatLevel(chatId: string, level: NotifyLevel): void {
    if (this.chat(chatId).level === level) return;
    this.change({ kind: 'chat', chatId, patch: { level } });
  }

  /** Mutes a chat for `ms` from now, or (null) until unmuted. */
  muteChat(chatId: string, ms: number | null): void {
    this.change({ kind: 'chat', chatId, patch: { mutedUntil: muteUntil(ms, this.host.now()) } });
  }

  unmuteChat(chatId: string): void {
    this.change({ kind: 'chat', chatId, patch: { mutedUntil: null } });
  }

  /** Shows `change` at once and queues it for the server (nothing before the settings load). */
  change(change: NotificationChange): void {
    if (!this.confirmed) return;
    this.queue.push(change);
    this.show({ save: 'saving', error: null });
    void this.flush();
  }

  private async flush(): Promise<void> {
    const api = this.host.api;
    if (this.sending || !api) return;
    this.sending = true;
    const s = this.host.session();
    try {
      while (this.queue.length > 0 && s === this.host.session()) {
        const change = this.queue[0]!;
        const mark = ++this.mark;
        const token = this.host.slices.session.token();
        let answer: NotificationSettings;
        try {
          if (change.kind === 'account') {
            answer = readNotificationSettings(await api.updateNotifications(token, change.patch));
          } else {
            const chat = readChatNotifications(await api.setChatNotifications(token, change.chatId, change.patch));
            if (!this.confirmed) return;
            answer = chat ? withChat(this.confirmed, chat) : applyChange(this.confirmed, change);
          }
        } catch (err) {
          if (s !== this.host.session()) return;
          this.refused(err, change, s);
          return;
        }
        if (s !== this.host.session()) return;
        this.queue.shift();
        this.confirm(answer, mark);
      }
      if (s === this.host.session()) this.patchView({ save: 'saved' });
    } finally {
      if (s === this.host.session()) this.sending = false;
    }
  }

  /** A change refused: it and what was queued after it (built on it) are dropped. */
  private refused(err: unknown, change: NotificationChange, s: number): void {
    this.queue = [];
    const text = notificationsErrorText(err);
    this.host.handleError(err, s, false);
    this.show({ save: 'failed', error: text });
    // A chat's menu closed when the choice was made: its refusal is said where it shows.
    if (change.kind === 'chat' && !(err instanceof ApiError && err.isUnauthorized)) this.host.showToast(text);
    // The server may have changed meanwhile (another device): read it again.
    if (!(err instanceof ApiError && err.isNetwork)) void this.load(false);
  }

  // ------------------------------------------------------------------------------------------
  // What the server pushes

  private on(e: RealtimeEvent): void {
    if (this.host.slices.session.get().status !== 'authenticated') return;
    if (e.type === 'notifications') this.confirm(readNotificationSettings(e.settings), ++this.mark);
    // After signing in, and after a reconnect (notifications:updated may have been missed).
    else if (e.type === 'connected') void this.load(false);
  }

  /** The server's settings now: shown with the changes still on their way. */
  private confirm(settings: NotificationSettings, mark: number): void {
    this.confirmed = settings;
    this.applied = Math.max(this.applied, mark);
    this.show({});
  }

  private show(patch: Partial<NotificationsView>): void {
    const shown = this.confirmed && this.queue.reduce(applyChange, this.confirmed);
    this.patchView({ ...patch, settings: shown });
    const prev = this.chats.get();
    const next: Record<string, ChatNotifications> = {};
    let same = Object.keys(prev).length === (shown?.chats.length ?? 0);
    for (const c of shown?.chats ?? []) {
      const p = prev[c.chatId];
      const kept = p && p.level === c.level && p.mutedUntil === c.mutedUntil;
      next[c.chatId] = kept ? p : c;
      same &&= kept === true;
    }
    if (!same) this.chats.set(next);
  }

  private patchView(patch: Partial<NotificationsView>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }
}
