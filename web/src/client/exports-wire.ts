// Data exports on the wire, by hand: the Export object (a background job that writes some or
// all of the person's chats into one file, JSON or CSV), the body of POST /api/v1/exports, the
// answers of /api/v1/exports and /api/v1/exports/<id>, and the export:progress event. The body
// is the server's route table's (wire.gen.ts); the answers are read defensively (exports.ts).
import type { RestOperations } from './wire.gen';

/** JSON: lossless, can be imported again; CSV: a table, one row per message. */
export type ExportFormat = 'json' | 'csv';
/** queued → running → done or failed. */
export type ExportState = 'queued' | 'running' | 'done' | 'failed';

/** One export, as the server sends it (read defensively: exports.ts readExport). */
export interface Export {
  id: string;
  format: ExportFormat;
  state: ExportState;
  /** Messages (or steps) written so far, of `total`. */
  done: number;
  total: number;
  /** The file's size in bytes, once done (0 before). */
  size: number;
  /** The chats exported; empty: all of the person's chats. */
  chatIds: string[];
  /** The messages' time range (epoch ms; `to` exclusive); null: unbounded. */
  from: number | null;
  to: number | null;
  /** Why it failed, in words (state failed); null otherwise. */
  error: string | null;
  createdAt: number;
  finishedAt: number | null;
  /** Until when the file can be downloaded (state done); null otherwise. */
  expiresAt: number | null;
  /** A signed link to the file (works without the auth header), fresh in GET /exports/<id>; null elsewhere. */
  url: string | null;
}

/** POST /api/v1/exports: chatIds absent or empty: all; format json by default; CSV may start with a byte order mark (for Excel). */
export type ExportBody = RestOperations['POST /api/v1/exports']['body'] & { format?: ExportFormat };

/** The answers as they come (each read defensively by exports.ts). */
export interface ExportsAnswers {
  'POST /api/v1/exports': { export: unknown };
  'GET /api/v1/exports': { exports: unknown };
  'GET /api/v1/exports/{exportId}': { export: unknown };
  'DELETE /api/v1/exports/{exportId}': null;
}

/** The bodies each route takes (undefined: none). */
export interface ExportsBodies {
  'POST /api/v1/exports': ExportBody;
  'GET /api/v1/exports': undefined;
  'GET /api/v1/exports/{exportId}': undefined;
  'DELETE /api/v1/exports/{exportId}': undefined;
}
