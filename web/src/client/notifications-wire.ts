// The wire contract of notification settings and Web Push as the client reads it: the user's
// notification document (GET and PATCH /api/v1/me/notifications, notifications:updated), one
// chat's level and mute (PUT /api/v1/chats/<id>/notifications), the server's push key and this
// person's push subscriptions (/api/v1/push/...), what the service worker gets in a push, and
// email digests' links (the address verified, digests stopped: /api/v1/me/email/verification,
// /api/v1/email/verify, /api/v1/email/unsubscribe).
// The server's route tables type these requests (wire.gen.ts) but not their answers: the answers
// are typed here by hand, and NotificationAnswersHold (below) fails to compile once the server
// types one, so that it moves to the generated types.
import type { RestOperations } from './wire.gen';

/** What a chat notifies about: every message, those that mention the user, or none. */
export type NotifyLevel = 'all' | 'mentions' | 'nothing';

/** `mutedUntil` of a chat muted until the user unmutes it (Number.MAX_SAFE_INTEGER). */
export const MUTED_FOREVER = 9007199254740991;

/** One chat's notification setting; the default is level "all" with no mute. */
export interface ChatNotifications {
  chatId: string;
  level: NotifyLevel;
  /** Epoch ms until which nothing of the chat is notified; null: not muted. */
  mutedUntil: number | null;
}

/** `dnd.until` of Do not disturb until the user turns it off (Number.MAX_SAFE_INTEGER). */
export const DND_FOREVER = 9007199254740991;

/** Daily quiet hours, in the user's time zone. */
export interface QuietHours {
  enabled: boolean;
  /** "HH:MM"; never equal to `end`. */
  start: string;
  /** "HH:MM"; earlier than `start`: the next day. */
  end: string;
  /** The days a quiet period starts on, 0 = Sunday to 6 (all seven by default). */
  days: number[];
}

/** Do not disturb: nothing notifies while it is in force but the mentions of the people allowed. */
export interface DndSettings {
  /** The manual one: epoch ms when it ends (DND_FOREVER: until turned off); null: off. */
  until: number | null;
  schedule: QuietHours;
  /** The people whose mentions still notify (at most 50). */
  allow: string[];
}

/**
 * The user's notification document (GET /api/v1/me/notifications, notifications:updated).
 * `chats` lists only the chats whose setting is not the default.
 */
export interface NotificationSettings {
  /** Push notifications at all, to any device of the user. */
  push: boolean;
  /** Push notifications show the message's text. */
  previews: boolean;
  /** The chime for new messages. */
  sound: boolean;
  /** Words that notify like a mention (whole words, any case): at most 20, each 2 to 40 characters. */
  keywords: string[];
  /** An IANA time zone name, for the quiet hours ("UTC" until the user gives one). */
  timeZone: string;
  dnd: DndSettings;
  /** The server's: when the Do not disturb in force when it answered ends; null: none was. */
  dndActiveUntil: number | null;
  chats: ChatNotifications[];
  /** Email digests of what stays unread; none go out before the address is verified. */
  email: boolean;
  /** How long a message stays unread before a digest tells of it (EMAIL_DELAY_MIN to EMAIL_DELAY_MAX). */
  emailDelayMinutes: number;
  /** The account's address, where digests go. */
  emailAddress: string;
  /** The address was verified with the link emailed to it (and has not changed since). */
  emailVerified: boolean;
  /** The server sends email at all (false: no SMTP server configured). */
  emailAvailable: boolean;
}

/** The bounds of `emailDelayMinutes`, as the server checks them. */
export const EMAIL_DELAY_MIN = 5;
export const EMAIL_DELAY_MAX = 1440;

/**
 * PATCH /api/v1/me/notifications: any of the switches, the keywords, the time zone, and in
 * `dnd` each part given replaces that part; answers the whole document.
 */
export interface NotificationPatch {
  push?: boolean;
  previews?: boolean;
  sound?: boolean;
  keywords?: string[];
  timeZone?: string;
  dnd?: Partial<DndSettings>;
  email?: boolean;
  emailDelayMinutes?: number;
}

/** PUT /api/v1/chats/<id>/notifications: what changes of one chat's setting. */
export interface ChatNotificationsPatch {
  level?: NotifyLevel;
  mutedUntil?: number | null;
}

/** GET /api/v1/push/key: the server's VAPID public key (base64url P-256 point), when it pushes at all. */
export type PushKey = { enabled: true; publicKey: string } | { enabled: false };

/** One device of the user that takes push notifications. */
export interface PushDevice {
  id: string;
  endpoint: string;
  /** A name for the device ("Chrome on Linux"), at most 100 characters. */
  label: string;
  createdAt: string | number;
}

/** POST /api/v1/push/subscriptions: the browser's PushSubscription.toJSON() and a label. */
export interface PushSubscriptionBody {
  endpoint: string;
  expirationTime: number | null;
  keys: { p256dh: string; auth: string };
  label?: string;
}

/** A push of a new message (pwa/service-worker.js and pwa/push-notices.js read them). */
export interface MessagePush {
  kind?: 'message';
  chatId: string;
  messageId: string;
  /** The sender's name in a private chat, the group's title in a group. */
  title: string;
  /** The text ("Sender: text" in a group); absent when the user chose no previews. */
  body?: string;
  at: number | string;
  /** Messages of the chat not read yet, when the server counts them. */
  count?: number;
  /** It mentions or answers the user, or has one of their keywords. */
  mention?: true;
}

/** A push of someone's reaction to the user's message ("Ann reacted 👍 to “text…”"). */
export interface ReactionPush {
  kind: 'reaction';
  chatId: string;
  messageId: string;
  title: string;
  body: string;
  at: number | string;
}

/** The one push after Do not disturb ends: what came meanwhile, per chat. */
export interface SummaryPush {
  kind: 'summary';
  title: string;
  body: string;
  at: number | string;
  chats: Array<{ chatId: string; count: number }>;
}

/** The decrypted JSON of a push message. */
export type PushPayload = MessagePush | ReactionPush | SummaryPush;

/** POST /api/v1/email/verify: the address verified with the link's token. */
export interface EmailVerified {
  email: string;
  verified: true;
}

/** The answers of the routes above that the server's tables leave untyped. */
export interface NotificationAnswers {
  'GET /api/v1/push/key': PushKey;
  'GET /api/v1/push/subscriptions': { subscriptions: PushDevice[] };
  'POST /api/v1/push/subscriptions': PushDevice;
  'GET /api/v1/me/notifications': NotificationSettings;
  'PATCH /api/v1/me/notifications': NotificationSettings;
  'PUT /api/v1/chats/{chatId}/notifications': ChatNotifications;
  'POST /api/v1/me/email/verification': { sent: true };
  'POST /api/v1/email/verify': EmailVerified;
  'POST /api/v1/email/unsubscribe': { email: false };
}

type NoneOf<T extends never> = T;

/** Fails (naming the route) once the server's tables type one of the answers above. */
export type NotificationAnswersHold = NoneOf<
  { [K in keyof NotificationAnswers]: unknown extends RestOperations[K]['response'] ? never : K }[keyof NotificationAnswers]
>;
