// Errors the protocol layer raises. Both carry the server's stable machine-readable `code`
// (invalid_input, unauthorized, forbidden, not_found, conflict, rate_limited, blocked, ...; the
// server's catalogue is ErrorCode) and its human-readable `message`, which the UI may show as is.
import type { Schemas } from './wire.gen';

/** The codes of the server's error catalogue (the error body's `error`, an error ack's `code`). */
export type ErrorCode = NonNullable<Schemas['Error']['error']>;

/**
 * One of the two people of a private chat blocked the other: nothing can be sent there (a
 * message, a forward, an edit, a reaction), and the blocked one cannot add the blocker to a
 * group. The server's message says which side the caller is on. Never worth retrying.
 */
export const BLOCKED: ErrorCode = 'blocked';

/** A failed REST call: the server's `{statusCode, error, message}`, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

/** A failed Socket.IO request: an error acknowledgement, or no acknowledgement in time. */
export class RequestError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
  }

  /** Worth sending again later with the same clientMessageId: the server may not have it. */
  get retryable(): boolean {
    return this.code === 'timeout' || this.code === 'disconnected' || this.code === 'rate_limited' ||
      this.code === 'unavailable';
  }
}

export interface ErrorBody {
  statusCode?: number;
  error?: string;
  message?: string;
}

/**
 * The server's `{statusCode, error, message}`; `{error: {code, message}}` is read the same way,
 * so a message in words is never lost to the shape it came in.
 */
export function errorBody(v: unknown): ErrorBody {
  if (typeof v !== 'object' || v === null) return {};
  const { error, message } = v as { error?: unknown; message?: unknown };
  if (typeof error === 'object' && error !== null) {
    const inner = error as { code?: unknown; message?: unknown };
    return {
      error: typeof inner.code === 'string' ? inner.code : undefined,
      message: typeof inner.message === 'string' ? inner.message : undefined,
    };
  }
  return {
    error: typeof error === 'string' ? error : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/** A refused HTTP answer as an ApiError: the server's code and words, else its status. */
export function httpError(status: number, statusText: string, bodyText: string): ApiError {
  let data: unknown = null;
  try {
    data = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    data = null;
  }
  const err = errorBody(data);
  return new ApiError(status, err.error ?? `http_${status}`, err.message ?? `The server answered ${status} ${statusText}`.trim());
}

/** A refusal because of a block (either way): RequestError or ApiError with code `blocked`. */
export function isBlocked(err: unknown): boolean {
  return (err instanceof RequestError || err instanceof ApiError) && err.code === BLOCKED;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
