// The objects of Parley's wire contract (shared/docs/protocol.md §1.4) as the web client sees
// them, and the Socket.IO events it sends and receives (server/realtime/chat_gateway.cpp).
// Parley may add fields, never remove or retype them, so every type here lists only what the
// client reads.

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

/** Client-to-server requests: payload and successful acknowledgement. */
export interface Requests {
  message: { payload: { chatId: string; content: string; clientMessageId?: string }; ack: ChatMessage };
  'message:read': { payload: { messageId: string }; ack: OkAck };
  'chat:read': { payload: { chatId: string; seq: number }; ack: OkAck & { count: number } };
  'chat:join': { payload: { chatId: string }; ack: OkAck };
  'chat:history': {
    payload: { chatId: string; before?: string; afterSeq?: number; limit?: number };
    ack: OkAck & { messages: ChatMessage[] };
  };
  'message:pin': { payload: { messageId: string }; ack: OkAck & { message: ChatMessage } };
  'message:unpin': { payload: { messageId: string }; ack: OkAck & { message: ChatMessage } };
  'chat:get-pinned': { payload: { chatId: string }; ack: OkAck & { messages: ChatMessage[] } };
  'message:forward-multiple': {
    payload: { messageIds: string[]; toChatId: string; additionalContent?: string };
    ack: OkAck & { messages: ChatMessage[]; comment?: ChatMessage };
  };
}

export type RequestName = keyof Requests;

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
