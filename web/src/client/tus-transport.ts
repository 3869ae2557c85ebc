// Uploads over tus 1.0.0 (tus-js-client, loaded with the first upload) to /api/v1/uploads: one task per file, in chunks of
// 8 MiB (steady progress, and a resumption costs at most a chunk), retried by itself after a
// dropped connection or a server restart, from the offset the server has (HEAD). The upload's
// address is kept in localStorage under the file's fingerprint (name, type, size, time, user),
// so choosing the same file again after a reload goes on where it stopped. The last segment
// of that address is the file's id. A refusal comes back as the server's ApiError, no answer
// at all as a network one (status 0). Used by file-actions.ts through UploadTransport; tests
// pass a fake.
import { t } from '../i18n/core';
import type * as Tus from 'tus-js-client';

import { ApiError, httpError } from './errors';
import { UPLOADS_PATH } from './files-wire';

/** What one upload sends: the bytes and the metadata the server reads (filename, filetype, kind). */
export interface UploadRequest {
  file: Blob;
  name: string;
  type: string;
  /** 'voice' for a voice message (the server makes its waveform). */
  kind?: 'voice';
  token: string;
  /** Whose upload it is (part of the fingerprint, so another user never resumes it). */
  userId: string;
}

export interface UploadEvents {
  progress(sent: number, total: number): void;
  /** The server has the whole file, processed: its record can be read. */
  success(fileId: string): void;
  /** The upload stopped for good (the retries over): the server's refusal, or status 0. */
  error(err: ApiError): void;
}

/** One upload: started (again, after an error: it resumes), or aborted (and, with `terminate`, deleted on the server). */
export interface UploadTask {
  start(): void;
  abort(terminate: boolean): Promise<void>;
}

export interface UploadTransport {
  create(req: UploadRequest, events: UploadEvents): UploadTask;
}

const CHUNK_SIZE = 8 * 1024 * 1024;
/** Waits before each retry of a failed request; after the last, the upload reports a network error (and file-actions resumes it on reconnect). */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];

/** The file id: the last segment of the upload's address. */
export function fileIdOf(uploadUrl: string): string {
  const path = uploadUrl.split(/[?#]/)[0] ?? '';
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

type TusLib = typeof Tus;
type Upload = Tus.Upload;

/** tus-js-client, loaded with the first upload (a chunk of its own, off the first page load). */
let tusLib: Promise<TusLib> | null = null;
function loadTus(): Promise<TusLib> {
  tusLib ??= import('tus-js-client');
  tusLib.catch(() => {
    tusLib = null; // asked again next time
  });
  return tusLib;
}

function asApiError(err: Error | Tus.DetailedError): ApiError {
  const res = 'originalResponse' in err ? err.originalResponse : null;
  if (!res) return new ApiError(0, 'network', t('common.networkError'));
  return httpError(res.getStatus(), '', res.getBody() ?? '');
}

export class TusTransport implements UploadTransport {
  private readonly endpoint: string;
  /** Upload addresses in use by a task of this page: a second copy of the same file never resumes the first's. */
  private readonly inUse = new Set<string>();

  /** `origin`: the server's, the page's own by default (tus resolves the upload's address against it). */
  constructor(origin = globalThis.location?.origin ?? 'http://localhost') {
    this.endpoint = `${origin.replace(/\/$/, '')}${UPLOADS_PATH}`;
  }

  create(req: UploadRequest, events: UploadEvents): UploadTask {
    const inUse = this.inUse;
    let claimed: string | null = null;
    const release = () => {
      if (claimed) inUse.delete(claimed);
      claimed = null;
    };
    const make = (lib: TusLib): Upload => {
      const upload: Upload = new lib.Upload(req.file, {
        endpoint: this.endpoint,
        chunkSize: CHUNK_SIZE,
        retryDelays: RETRY_DELAYS,
        headers: { Authorization: `Bearer ${req.token}` },
        metadata: { filename: req.name, filetype: req.type, ...(req.kind ? { kind: req.kind } : {}) },
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        fingerprint: async (file) => {
          const f = file as Partial<File>;
          return ['parley', req.userId, req.name, req.type, file.size, f.lastModified ?? 0, this.endpoint].join('|');
        },
        onUploadUrlAvailable: () => {
          if (upload.url && claimed !== upload.url) {
            release();
            claimed = upload.url;
            inUse.add(claimed);
          }
        },
        onProgress: (sent, total) => events.progress(sent, total),
        onSuccess: () => {
          const url = upload.url;
          release();
          if (url) events.success(fileIdOf(url));
          else events.error(new ApiError(0, 'network', t('files.noLocation')));
        },
        onError: (err) => events.error(asApiError(err)),
      });
      return upload;
    };
    let upload: Upload | null = null;
    let aborted = false;
    return {
      start() {
        aborted = false;
        void loadTus().then(
          async (lib) => {
            if (aborted) return;
            if (upload) {
              upload.start(); // it knows its address: HEAD, then on from the server's offset
              return;
            }
            const u = make(lib);
            upload = u;
            // The same file chosen again (after a reload): on from where the server has it.
            const previous = await u.findPreviousUploads().catch(() => []);
            const free = previous.find((p) => p.uploadUrl && !inUse.has(p.uploadUrl));
            if (free) u.resumeFromPreviousUpload(free);
            if (!aborted) u.start();
          },
          () => events.error(new ApiError(0, 'network', t('files.uploaderFailed'))),
        );
      },
      async abort(terminate) {
        aborted = true;
        release();
        await upload?.abort(terminate).catch(() => undefined);
      },
    };
  }
}
