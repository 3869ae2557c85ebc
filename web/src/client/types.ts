// The objects of Parley's wire contract (shared/docs/protocol.md §1.4) as the web client sees
// them, and the Socket.IO events it sends and receives. Parley may add fields, never remove or
// retype them, so every type here lists only what the client reads; wire.ts checks each
// against the server's own schemas (wire.gen.ts, generated from its tables), and the payloads
// the client sends are the generated types themselves.
import type { ClientEventName, ClientEvents } from './wire.gen';

export type MessageStatus = 'SENT' | 'DELIVERED' | 'READ';

export interface User {
  id: string;
  email: string;
  name: string;
  isOnline?: boolean;
  /** Epoch milliseconds; null or absent when never seen. */
  lastSeen?: number | null;
}

export interface Chat {
  id: string;
  participants: string[];
  createdAt: string;
  updatedAt: string;
  lastSeq?: number;
}

export interface ChatMessage {
  id: string;
  chatId: string;
  senderId: string;
  content: string;
  status: MessageStatus;
  createdAt: string;
  isPinned: boolean;
  pinnedAt: string | null;
  pinnedBy: string | null;
  isForwarded: boolean;
  forwardedFromId: string | null;
  originalSenderId: string | null;
  /** Per-chat sequence number, from 1. */
  seq: number;
  clientMessageId: string | null;
}

/**
 * A message as the client holds it: a stored one, or one of the user's own that the server has
 * not acknowledged yet (`pending`, with a local id and seq 0), or one it refused (`failed`).
 */
export interface ViewMessage extends ChatMessage {
  pending?: boolean;
  failed?: string;
  /** Orders pending messages written within the same millisecond. */
  localOrder?: number;
}

export interface AuthResponse {
  accessToken: string;
  user: User;
}

export interface StatusEvent {
  messageId: string;
  chatId: string;
  status: MessageStatus;
  userId: string;
  timestamp: string;
}

export interface PresenceEvent {
  userId: string;
  isOnline: boolean;
  lastSeen?: number | null;
}

export interface ErrorAck {
  status: 'error';
  code: string;
  message: string;
}

export interface OkAck {
  status: 'ok';
}

/**
 * What each request the client makes is acknowledged with when it succeeds (the server's event
 * tables describe acknowledgements in words only, so these are the client's reading of them).
 */
export interface Acks {
  message: ChatMessage;
  'message:read': OkAck;
  'chat:read': OkAck & { count: number };
  'chat:join': OkAck;
  'chat:history': OkAck & { messages: ChatMessage[] };
  'message:pin': OkAck & { message: ChatMessage };
  'message:unpin': OkAck & { message: ChatMessage };
  'chat:get-pinned': OkAck & { messages: ChatMessage[] };
  'message:forward-multiple': OkAck & { messages: ChatMessage[]; comment?: ChatMessage };
  'presence:subscribe': OkAck & { presence: WatchedPresence[] };
  'presence:unsubscribe': OkAck;
}

/** One user's presence in the answer to presence:subscribe. */
export interface WatchedPresence {
  userId: string;
  isOnline: boolean;
  lastSeen: number | null;
}

/** The Socket.IO events the client sends: each one the server lists (wire.gen.ts). */
export type RequestName = keyof Acks & ClientEventName;

/**
 * Client-to-server requests: the payload, as the server's schema for the event says
 * (ClientEvents, generated from its event tables), and the successful acknowledgement. An
 * event the server no longer lists fails to compile here.
 */
export type Requests = { [E in keyof Acks]: { payload: ClientEvents[E]; ack: Acks[E] } };

/** The server's events the client listens to, with what it reads of each. */
export interface ServerEvents {
  message: ChatMessage;
  'message:status': StatusEvent;
  'users:update': PresenceEvent;
  'message:pinned': ChatMessage;
  'message:unpinned': ChatMessage;
  'session:revoked': { reason?: unknown; message?: unknown } | undefined;
}

/** What the realtime connection reports to the store. */
export type RealtimeEvent =
  | { type: 'connected' }
  | { type: 'disconnected'; reason: string }
  | { type: 'reconnecting'; attempt: number }
  | { type: 'auth_failed'; message: string }
  | { type: 'session_revoked'; message: string }
  | { type: 'message'; message: ChatMessage }
  | { type: 'status'; event: StatusEvent }
  | { type: 'presence'; event: PresenceEvent }
  | { type: 'pin'; message: ChatMessage; pinned: boolean };

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
