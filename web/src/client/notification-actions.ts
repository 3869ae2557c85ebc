// The user's notification settings applied to the client's state: loaded on every connect
// (after signing in and after each reconnect, since notifications:updated may have been missed
// meanwhile), changed at once as the user changes them (the switches, keywords, time zone and
// Do not disturb with one PATCH each, the first carrying this device's time zone while the
// server has the default; a chat's level or mute with one PUT each, one at a time, in order; shown before the server
// answers, what it last said back if it refuses, with the refusal in words), and followed from
// the user's other devices (notifications:updated); the machinery is server-settings.ts. Each
// chat's setting is also kept by chat (`chats`), so a line of the chat list hears only of its
// own chat. Email digests: on or off and their delay like the switches; the link that verifies
// the address asked for; and the links' own calls, which need no session (verifying the
// address, once per link however often a page asks; stopping digests). Used by ChatStore (its
// `notifications`); the pure rules are in notifications.ts.
import { t } from '../i18n/core';
import { DEFAULT_TIME_ZONE, isTimeZone } from './dnd';
import { ApiError } from './errors';
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
import type { ChatNotifications, EmailVerified, NotificationSettings, NotifyLevel, QuietHours } from './notifications-wire';
import type { Realtime } from './realtime';
import { ServerSettings, type SettingsServer, type SettingsView } from './server-settings';
import type { Slices } from './slices';
import { KeyedSlice, type Slice } from './slices/slice';

export type NotificationsView = SettingsView<NotificationSettings>;

export interface NotificationHost {
  /** null: this client keeps no notification settings (the defaults apply). */
  readonly api: NotificationsApi | null;
  readonly realtime: Realtime;
  readonly slices: Slices;
  session(): number;
  now(): number;
  /** This device's time zone (IANA), given to the server with the user's first change while it has the default. */
  deviceTimeZone(): string;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  showToast(text: string): void;
}

/** The notification settings as the server keeps them: the switches by PATCH, a chat's by PUT. */
function notificationsServer(api: NotificationsApi): SettingsServer<NotificationSettings, NotificationChange> {
  return {
    get: async (token) => readNotificationSettings(await api.getNotifications(token)),
    send: async (token, change) => {
      if (change.kind === 'account') {
        const answer = readNotificationSettings(await api.updateNotifications(token, change.patch));
        return () => answer;
      }
      // The answer is the chat's setting alone.
      const chat = readChatNotifications(await api.setChatNotifications(token, change.chatId, change.patch));
      return (confirmed) => (chat ? withChat(confirmed, chat) : applyChange(confirmed, change));
    },
  };
}

export class NotificationActions {
  readonly view: Slice<NotificationsView>;
  /** Each chat's setting as shown, by chat; only the chats not at the default are here. */
  readonly chats = new KeyedSlice<ChatNotifications>();

  private readonly host: NotificationHost;
  private readonly settingsDoc: ServerSettings<NotificationSettings, NotificationChange>;
  /** The user chose a time zone, or this device's went with a change, in this session. */
  private zoneGiven = false;
  /** Verifications of an address by link token, while on their way or done. */
  private readonly verifications = new Map<string, Promise<EmailVerified>>();

  constructor(host: NotificationHost) {
    this.host = host;
    this.settingsDoc = new ServerSettings(host, {
      server: host.api ? notificationsServer(host.api) : null,
      apply: applyChange,
      fromEvent: (e) => (e.type === 'notifications' ? readNotificationSettings(e.settings) : null),
      // After signing in, and after a reconnect (notifications:updated may have been missed).
      readOnConnect: 'always',
      errorText: notificationsErrorText,
      onShown: (shown) => this.showChats(shown),
      onRefused: (err, change, text) => {
        // A chat's menu closed when the choice was made: its refusal is said where it shows.
        if (change.kind === 'chat' && !(err instanceof ApiError && err.isUnauthorized)) host.showToast(text);
      },
    });
    this.view = this.settingsDoc.view;
  }

  /** Forgets the settings and what is on its way (the session ended). */
  reset(): void {
    this.settingsDoc.reset();
    this.zoneGiven = false;
  }

  destroy(): void {
    this.settingsDoc.destroy();
    this.chats.clearListeners();
  }

  /** The settings as shown (null until loaded). */
  settings(): NotificationSettings | null {
    return this.settingsDoc.settings();
  }

  /** One chat's setting as shown (the default until loaded). */
  chat(chatId: string): ChatNotifications {
    return this.chats.entry(chatId) ?? chatSetting(null, chatId);
  }

  /**
   * Reads the settings from the server. `fresh`: a new look at them (the dialog opened), which
   * forgets the "Saved." or the error of before.
   */
  load(fresh = true): Promise<void> {
    return this.settingsDoc.load(fresh);
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

  setKeywords(keywords: string[]): void {
    this.change({ kind: 'account', patch: { keywords } });
  }

  /** The user's own choice of time zone. */
  setTimeZone(timeZone: string): void {
    this.zoneGiven = true;
    this.change({ kind: 'account', patch: { timeZone } });
  }

  /** Do not disturb until `until` (epoch ms, DND_FOREVER: until turned off), or (null) off. */
  setDndUntil(until: number | null): void {
    this.change({ kind: 'account', patch: { dnd: { until } } });
  }

  setQuietHours(schedule: QuietHours): void {
    this.change({ kind: 'account', patch: { dnd: { schedule } } });
  }

  /** The people whose mentions notify during Do not disturb. */
  setDndAllow(allow: string[]): void {
    this.change({ kind: 'account', patch: { dnd: { allow } } });
  }

  /** Email digests of what stays unread, on or off. */
  setEmail(on: boolean): void {
    this.change({ kind: 'account', patch: { email: on } });
  }

  /** How long a message stays unread before a digest tells of it, in minutes. */
  setEmailDelay(minutes: number): void {
    this.change({ kind: 'account', patch: { emailDelayMinutes: minutes } });
  }

  /**
   * Has the server email the user a link that verifies their address. Throws the refusal
   * (ApiError: no email on this server, asked too often) for the caller to say in words; a 401
   * also ends the session.
   */
  async requestEmailVerification(): Promise<void> {
    const api = this.requireApi();
    const s = this.host.session();
    try {
      await api.requestEmailVerification(this.host.slices.session.token());
    } catch (err) {
      if (s === this.host.session()) this.host.handleError(err, s, false);
      throw err;
    }
  }

  /**
   * Verifies an address with the token of the emailed link, signed in or not. Each link is sent
   * once while on its way or after it worked (a page shown twice asks twice); a failure may be
   * tried again. The user's devices hear the change from the server (notifications:updated).
   */
  verifyEmail(linkToken: string): Promise<EmailVerified> {
    const held = this.verifications.get(linkToken);
    if (held) return held;
    const verifying = (async () => this.requireApi().verifyEmail(linkToken))();
    this.verifications.set(linkToken, verifying);
    verifying.catch(() => this.verifications.delete(linkToken));
    return verifying;
  }

  /** Stops email digests with the token of a digest's link, signed in or not. */
  async unsubscribeEmail(linkToken: string): Promise<void> {
    await this.requireApi().unsubscribeEmail(linkToken);
  }

  /** This device's time zone. */
  deviceTimeZone(): string {
    return this.host.deviceTimeZone();
  }

  /**
   * The time zone this device would give with the user's next change: its own, while the
   * server has the default (UTC) and the user chose none in this session; null otherwise.
   */
  pendingTimeZone(): string | null {
    const held = this.settings()?.timeZone;
    const device = this.host.deviceTimeZone();
    if (this.zoneGiven || held !== DEFAULT_TIME_ZONE || device === DEFAULT_TIME_ZONE || !isTimeZone(device)) return null;
    return device;
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

  /**
   * Shows `change` at once and queues it for the server (nothing before the settings load). The
   * first change of the user's own settings carries this device's time zone while the server
   * has the default (pendingTimeZone).
   */
  change(change: NotificationChange): void {
    const zone = change.kind === 'account' && change.patch.timeZone === undefined ? this.pendingTimeZone() : null;
    if (zone !== null && this.settings() !== null) {
      this.zoneGiven = true;
      this.settingsDoc.change({ kind: 'account', patch: { ...change.patch, timeZone: zone } });
      return;
    }
    this.settingsDoc.change(change);
  }

  private requireApi(): NotificationsApi {
    if (!this.host.api) throw new ApiError(0, 'unavailable', t('notifications.unavailable'));
    return this.host.api;
  }

  /** Each chat's setting as shown, by chat: an entry is replaced only when it changed. */
  private showChats(shown: NotificationSettings | null): void {
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
}
