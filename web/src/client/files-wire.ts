// The wire contract of files and media (uploads over tus 1.0.0 at /api/v1/uploads, the file
// records at /api/v1/files, signed download links) as the client reads it, written by hand
// until the server's tables describe it and wire.gen.ts gains it: the names are the server's,
// so the two can be unified then (wire.ts checks ChatMessage's `attachments` and `caption`
// as unlisted fields meanwhile).

export type AttachmentKind = 'image' | 'video' | 'audio' | 'voice' | 'file';

/** A file attached to a message (GET /api/v1/files/<id>, a message's `attachments`). */
export interface Attachment {
  /** The file id: also the id of the tus upload it came from. */
  id: string;
  kind: AttachmentKind;
  name: string;
  /** Bytes. */
  size: number;
  mime: string;
  /** Images and videos, in display orientation. */
  width?: number;
  height?: number;
  /** Seconds (video, audio, voice). */
  duration?: number;
  /** A 320 px thumbnail exists (images, videos' poster, PDFs' first page). */
  thumbnail: boolean;
  /** A 1280 px version exists (large images). */
  display?: boolean;
  /** Videos: a poster frame exists. */
  poster?: boolean;
  /** ThumbHash, base64: a blurred placeholder shown while the thumbnail loads. */
  placeholder?: string;
  /** Voice and audio: 64 values 0..100. */
  waveform?: number[];
}

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
