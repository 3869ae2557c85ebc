// The wire contract of files and media (uploads over tus 1.0.0 at /api/v1/uploads, the file
// records at /api/v1/files, signed download links) as the client reads it: the Attachment from
// the server's generated schemas, the rest (answers of routes the tables describe only in words)
// by hand.
import type { Schemas } from './wire.gen';

/** A file attached to a message (GET /api/v1/files/<id>, a message's `attachments`), as the
 * server's schema says (its id is also the id of the tus upload it came from). */
export type Attachment = Schemas['Attachment'];
export type AttachmentKind = Attachment['kind'];

/** GET /api/v1/files/<id>. */
export interface FileAnswer {
  file: Attachment;
}

/**
 * A file's signed URLs (POST /api/v1/files/links): same-origin paths usable without headers
 * (<img>, <video>, <audio>) until `expiresAt` (epoch ms). `downloadUrl` is the original with
 * Content-Disposition: attachment. All of them answer HTTP Range requests.
 */
export interface FileLink {
  id: string;
  url: string;
  thumbnailUrl?: string;
  displayUrl?: string;
  posterUrl?: string;
  downloadUrl: string;
  expiresAt: number;
}

/** POST /api/v1/files/links {ids} (at most MAX_LINK_IDS). */
export interface LinksAnswer {
  links: FileLink[];
  /** Ids the caller may not read (not in a chat of theirs, deleted, unknown). */
  denied: string[];
}

/** Ids in one POST /api/v1/files/links. */
export const MAX_LINK_IDS = 100;
/** Files in one message. */
export const MAX_ATTACHMENTS = 10;

/** Where uploads are created (tus), and each upload's address is UPLOADS_PATH/<id>. */
export const UPLOADS_PATH = '/api/v1/uploads';

/** What `message` takes besides the generated payload: the files' ids (each uploaded by the sender). */
export interface MessageFiles {
  attachments?: string[];
}
