// Notification settings, pure: the server's document read defensively, a change (of the
// switches or of one chat) applied to the settings shown, one chat's setting with its default,
// whether a chat is quiet now (muted, or set to nothing) and in words, whether a new message is
// owed a notification or a chime (the level, the mute, mentions), and the mute durations the
// menus offer. The server applies the same rules to push; the client applies them to what it
// shows and plays itself. Used by notification-actions.ts, the Notifications dialog, the chat's
// notification menu, the chat list and the in-page notifications.
import { errorMessage } from './errors';
import {
  MUTED_FOREVER,
  type ChatNotifications,
  type ChatNotificationsPatch,
  type NotificationPatch,
  type NotificationSettings,
  type NotifyLevel,
} from './notifications-wire';
import type { ChatMessage } from './types';

export const LEVELS: ReadonlyArray<{ value: NotifyLevel; label: string }> = [
  { value: 'all', label: 'All messages' },
  { value: 'mentions', label: 'Mentions only' },
  { value: 'nothing', label: 'Nothing' },
];

const HOUR = 3600 * 1000;

/** The mutes the menus offer: for a while, or until unmuted. */
export const MUTES: ReadonlyArray<{ label: string; ms: number | null }> = [
  { label: 'For 1 hour', ms: HOUR },
  { label: 'For 8 hours', ms: 8 * HOUR },
  { label: 'For 1 week', ms: 7 * 24 * HOUR },
  { label: 'Always', ms: null },
];

/** `mutedUntil` of a mute for `ms` from `now` (null: until unmuted). */
export function muteUntil(ms: number | null, now: number): number {
  return ms === null ? MUTED_FOREVER : now + ms;
}

/** A change as the user makes it: the switches, or one chat's level or mute. */
export type NotificationChange =
  | { kind: 'account'; patch: NotificationPatch }
  | { kind: 'chat'; chatId: string; patch: ChatNotificationsPatch };

export const DEFAULT_SETTINGS: NotificationSettings = { push: true, previews: true, sound: true, chats: [] };

function isLevel(v: unknown): v is NotifyLevel {
  return v === 'all' || v === 'mentions' || v === 'nothing';
}

function isDefault(c: ChatNotifications): boolean {
  return c.level === 'all' && c.mutedUntil === null;
}

/** One chat's setting as the server answers it; null when it cannot be read. */
export function readChatNotifications(v: unknown): ChatNotifications | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.chatId !== 'string' || !o.chatId) return null;
  const until = typeof o.mutedUntil === 'number' && Number.isFinite(o.mutedUntil) ? o.mutedUntil : null;
  return { chatId: o.chatId, level: isLevel(o.level) ? o.level : 'all', mutedUntil: until };
}

/** The server's document, with the defaults for anything missing (a newer or older server). */
export function readNotificationSettings(v: unknown): NotificationSettings {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const chats = Array.isArray(o.chats) ? o.chats.map(readChatNotifications) : [];
  return {
    push: o.push !== false,
    previews: o.previews !== false,
    sound: o.sound !== false,
    chats: chats.filter((c): c is ChatNotifications => c !== null && !isDefault(c)),
  };
}

/** A chat's setting: the one listed, else the default. */
export function chatSetting(s: NotificationSettings | null, chatId: string): ChatNotifications {
  return s?.chats.find((c) => c.chatId === chatId) ?? { chatId, level: 'all', mutedUntil: null };
}

/** `s` with one chat's setting replaced (a default one is not listed). */
export function withChat(s: NotificationSettings, c: ChatNotifications): NotificationSettings {
  const chats = s.chats.filter((x) => x.chatId !== c.chatId);
  return { ...s, chats: isDefault(c) ? chats : [...chats, c] };
}

/** The settings after `change`. */
export function applyChange(s: NotificationSettings, change: NotificationChange): NotificationSettings {
  if (change.kind === 'account') {
    const { push, previews, sound } = change.patch;
    return { ...s, push: push ?? s.push, previews: previews ?? s.previews, sound: sound ?? s.sound };
  }
  const c = chatSetting(s, change.chatId);
  return withChat(s, {
    chatId: change.chatId,
    level: change.patch.level ?? c.level,
    mutedUntil: change.patch.mutedUntil === undefined ? c.mutedUntil : change.patch.mutedUntil,
  });
}

export function isMuted(c: ChatNotifications, now: number): boolean {
  return c.mutedUntil !== null && c.mutedUntil > now;
}

/** Nothing of the chat is told now: it is muted, or set to nothing (the list shows a bell-slash). */
export function isQuiet(c: ChatNotifications, now: number): boolean {
  return c.level === 'nothing' || isMuted(c, now);
}

/** When a mute ends, in words: "14:30" today, "Tue 14:30" within a week, else the date. */
export function untilText(until: number, now: number): string {
  const d = new Date(until);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === d.toDateString()) return time;
  if (until - now < 6 * 24 * HOUR) return `${d.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** What a chat's setting means now, in words ('' for the default). */
export function settingText(c: ChatNotifications, now: number): string {
  if (isMuted(c, now)) return c.mutedUntil! >= MUTED_FOREVER ? 'Muted' : `Muted until ${untilText(c.mutedUntil!, now)}`;
  if (c.level === 'nothing') return 'Notifications off';
  if (c.level === 'mentions') return 'Mentions only';
  return '';
}

/**
 * Whether `message` (from someone else) is owed a notification and a chime by its chat's
 * setting: not while the chat is muted or set to nothing; at "mentions" only when it mentions
 * `me`. Before the settings are loaded, every message is.
 */
export function wantsNotice(s: NotificationSettings | null, message: ChatMessage, me: string, now: number): boolean {
  const c = chatSetting(s, message.chatId);
  if (isQuiet(c, now)) return false;
  if (c.level === 'mentions') return Array.isArray(message.mentions) && message.mentions.includes(me);
  return true;
}

/** A refusal of a change, in the server's words (a network failure says so). */
export function notificationsErrorText(err: unknown): string {
  return `Not saved: ${errorMessage(err)}`;
}
