// The client's reading of the wire (types.ts) checked against the server's own description of
// it (wire.gen.ts, generated from the server's event and route tables by
// tools/gen-wire-types.mjs): every field the client reads is one the server sends, with a type
// the client accepts; every event it listens to is one the server sends. Types only: `tsc` fails here when the server drops or
// retypes something the client uses. (What the client sends is typed with the generated
// payloads directly: realtime.ts, api.ts.)
import type { DirectoryPage } from './api';
import type {
  AuditPage,
  AuthResponse,
  BlockList,
  Chat,
  ChatMessage,
  CustomEmoji,
  EmojiSet,
  Invite,
  InvitePreview,
  Member,
  ModerationReport,
  ModerationRole,
  PrivacySettings,
  Report,
  ReportPage,
  ServerEvents,
  ServerLimits,
  StaffList,
  SuspendAnswer,
  SuspensionList,
  User,
} from './types';
import type * as Generated from './wire.gen';
import type { RestOperations, Schemas, ServerEventName } from './wire.gen';

type Defined<W> = Exclude<W, undefined>;

/**
 * true when a client that reads values as `T` can read what the server sends as `W`: `W`
 * (present) is assignable to `T`, field by field for objects, item by item for arrays. A field
 * the client requires may be optional in the schema (the server's schemas mark few fields
 * required), but it must be there, with a type the client accepts.
 */
export type ReadsFrom<T, W> = [Defined<W>] extends [readonly (infer WItem)[]]
  ? [Defined<T>] extends [readonly (infer TItem)[]]
    ? ReadsFrom<TItem, WItem>
    : false
  : [Defined<T>] extends [object]
    ? [Defined<W>] extends [object]
      ? {
          [K in keyof Defined<T>]-?: K extends keyof Defined<W>
            ? ReadsFrom<Defined<T>[K], Defined<W>[K]>
            : false;
        }[keyof Defined<T>] extends true
        ? true
        : false
      : false
    : [Defined<W>] extends [T]
      ? true
      : false;

/** The keys of `M` whose check is not true: compiling fails naming them. */
type Failing<M> = { [K in keyof M]: M[K] extends true ? never : K }[keyof M];
type NoneOf<T extends never> = T;

/** What the client makes of each REST answer (api.ts returns these). */
export interface RestAnswers {
  'POST /auth/register': AuthResponse;
  'POST /auth/login': AuthResponse;
  'POST /auth/logout': null;
  'GET /me': User;
  'PATCH /api/v1/me': User;
  'GET /api/users': User[];
  'GET /api/v1/contacts': User[];
  'GET /api/v1/directory': DirectoryPage;
  'GET /chats': Chat[];
  'GET /chats/{chatId}': Chat;
  'POST /chats': Chat;
  'GET /chats/{chatId}/messages': ChatMessage[];
  'POST /api/v1/invites/{token}/join': Chat;
  'DELETE /api/v1/emoji/{shortcode}': null;
  'DELETE /api/v1/chats/{chatId}/emoji/{shortcode}': null;
}

/**
 * Answers the server's route table leaves untyped (`unknown`), with what the client reads of
 * them. They cannot be checked here; once the table types one, it fails below and moves up.
 */
export interface UntypedRestAnswers {
  'GET /api/v1/invites/{token}': InvitePreview;
  'GET /api/v1/limits': ServerLimits;
  'GET /api/v1/me/privacy': PrivacySettings;
  'PATCH /api/v1/me/privacy': PrivacySettings;
  'GET /api/v1/me/blocks': BlockList;
  'PUT /api/v1/me/blocks/{userId}': BlockList;
  'DELETE /api/v1/me/blocks/{userId}': BlockList;
  'POST /api/v1/reports': Report;
  'GET /api/v1/me/reports': ReportPage;
  'GET /api/v1/moderation/role': ModerationRole;
  'GET /api/v1/moderation/reports': ReportPage<ModerationReport>;
  'POST /api/v1/moderation/reports/{reportId}/actions': ModerationReport;
  'GET /api/v1/moderation/audit': AuditPage;
  'GET /api/v1/moderation/staff': StaffList;
  'PUT /api/v1/moderation/staff/{userId}': StaffList;
  'POST /api/v1/moderation/users/{userId}/suspend': SuspendAnswer;
  'POST /api/v1/moderation/users/{userId}/unsuspend': { userId: string; suspended: boolean };
  'GET /api/v1/moderation/suspensions': SuspensionList;
  'GET /api/v1/emoji': EmojiSet;
  'POST /api/v1/emoji': CustomEmoji;
  'GET /api/v1/chats/{chatId}/emoji': EmojiSet;
  'POST /api/v1/chats/{chatId}/emoji': CustomEmoji;
}

export type UntypedAnswersHold = NoneOf<
  Failing<{ [K in keyof UntypedRestAnswers]: unknown extends RestOperations[K]['response'] ? true : false }>
>;

/**
 * Fields the server sends (server/chat/wire.cpp: chat_json, message_json) that its OpenAPI
 * schemas do not list yet (now a message's reactions, server/chat/wire.cpp: reactions_json).
 * They cannot be checked here; once a schema lists one, UnlistedFieldsHold fails and it
 * leaves this list, to be checked with the rest.
 */
export interface UnlistedFields {
  Chat: never;
  ChatMessage: 'reactions';
}

export type UnlistedFieldsHold = NoneOf<
  | Extract<UnlistedFields['Chat'], keyof Schemas['Chat']>
  | Extract<UnlistedFields['ChatMessage'], keyof Schemas['ChatMessage']>
>;

/** What the client reads of `T` that the server's schemas list (UnlistedFields left out). */
type Listed<T> = T extends readonly (infer I)[]
  ? Listed<I>[]
  : T extends ChatMessage
    ? Omit<T, UnlistedFields['ChatMessage']>
    : T extends Chat
      ? Omit<T, UnlistedFields['Chat']>
      : T;

/** Each REST answer the client reads is what the server's route table says it sends. */
export type RestAnswersHold = NoneOf<
  Failing<{ [K in keyof RestAnswers]: ReadsFrom<Listed<RestAnswers[K]>, RestOperations[K]['response']> }>
>;

/** The objects that also come in Socket.IO events and acknowledgements. */
export type ObjectsHold = NoneOf<
  Failing<{
    User: ReadsFrom<User, Schemas['User']>;
    Chat: ReadsFrom<Listed<Chat>, Schemas['Chat']>;
    ChatMessage: ReadsFrom<Listed<ChatMessage>, Schemas['ChatMessage']>;
    Member: ReadsFrom<Member, Schemas['Member']>;
    Invite: ReadsFrom<Invite, Schemas['Invite']>;
  }>
>;

/** The events a client sends, each with its payload. */
export type ClientEvents = Generated.ClientEvents;
export type ClientEventName = keyof ClientEvents;

/**
 * Events the server sends that its event table does not list yet (none now). Once it lists
 * one, UnlistedEventsHold fails and it leaves this list.
 */
export type UnlistedEvents = never;

export type UnlistedEventsHold = NoneOf<Extract<UnlistedEvents, ServerEventName>>;

/** Every event the client listens to is one the server sends. */
export type ListenedEventsHold = NoneOf<Exclude<keyof ServerEvents, ServerEventName | UnlistedEvents>>;
