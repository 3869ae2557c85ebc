// Downloading a file with progress: fetch its signed download URL and read the body chunk by
// chunk (a ReadableStream reader), reporting the bytes received, into a Blob the UI saves. For
// files a browser can hold in memory; larger ones go to the browser's own download (a link).
import { t } from '../i18n/core';
import { ApiError, httpError } from './errors';

/** Up to this size a download goes through fetchWithProgress; beyond, the browser downloads it itself. */
export const IN_MEMORY_DOWNLOAD_MAX = 1024 * 1024 * 1024;

/**
 * The body of `url` as a Blob of type `type`, calling `onProgress(received, total)` as it
 * arrives (`total`: Content-Length, or `expected` when the server does not say). Throws
 * ApiError (status 0: no connection); an abort rejects with the signal's reason.
 */
export async function fetchWithProgress(
  url: string,
  type: string,
  expected: number,
  onProgress: (received: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network', t('common.networkError'));
  }
  if (!res.ok) throw httpError(res.status, res.statusText, await res.text().catch(() => ''));
  const total = Number(res.headers.get('Content-Length')) || expected;
  const reader = res.body?.getReader();
  if (!reader) {
    const blob = await res.blob();
    onProgress(blob.size, blob.size);
    return blob.type ? blob : new Blob([blob], { type });
  }
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress(0, total);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value as Uint8Array<ArrayBuffer>);
      received += value.byteLength;
      onProgress(received, total);
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network', t('files.downloadStopped'));
  }
  return new Blob(chunks, { type });
}
