// The wire contract of notification settings and Web Push as the client reads it: the user's
// notification document (GET and PATCH /api/v1/me/notifications, notifications:updated), one
// chat's level and mute (PUT /api/v1/chats/<id>/notifications), the server's push key and this
// person's push subscriptions (/api/v1/push/...), and what the service worker gets in a push.
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
  chats: ChatNotifications[];
}

/** PATCH /api/v1/me/notifications: any of the switches; answers the whole document. */
export interface NotificationPatch {
  push?: boolean;
  previews?: boolean;
  sound?: boolean;
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

/** The decrypted JSON of a push message (pwa/service-worker.js reads it). */
export interface PushPayload {
  chatId: string;
  messageId: string;
  /** The sender's name in a private chat, the group's title in a group. */
  title: string;
  /** The text ("Sender: text" in a group); absent when the user chose no previews. */
  body?: string;
  at: number | string;
  /** Messages of the chat not read yet, when the server counts them. */
  count?: number;
}

/** The answers of the routes above that the server's tables leave untyped. */
export interface NotificationAnswers {
  'GET /api/v1/push/key': PushKey;
  'GET /api/v1/push/subscriptions': { subscriptions: PushDevice[] };
  'POST /api/v1/push/subscriptions': PushDevice;
  'GET /api/v1/me/notifications': NotificationSettings;
  'PATCH /api/v1/me/notifications': NotificationSettings;
  'PUT /api/v1/chats/{chatId}/notifications': ChatNotifications;
}

type NoneOf<T extends never> = T;

/** Fails (naming the route) once the server's tables type one of the answers above. */
export type NotificationAnswersHold = NoneOf<
  { [K in keyof NotificationAnswers]: unknown extends RestOperations[K]['response'] ? never : K }[keyof NotificationAnswers]
>;
