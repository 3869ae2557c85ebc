// The REST half of files: the server's upload limit (OPTIONS on the tus endpoint), a file's
// record once its upload finished, and signed links to read files without headers. No state:
// the token comes from the caller on each call; errors are thrown as ApiError. The uploads
// themselves go through an UploadTransport (tus-transport.ts).
import { t } from '../i18n/core';
import { ApiError, httpError } from './errors';
import { UPLOADS_PATH, type Attachment, type FileAnswer, type LinksAnswer } from './files-wire';

/** What the file actions need from REST; tests pass a fake. */
export interface FilesApi {
  /** The largest upload the server takes (Tus-Max-Size), null when it does not say. */
  maxUploadSize(token: string): Promise<number | null>;
  /** A file's record (GET /api/v1/files/<id>): ready once its upload finished. */
  file(token: string, id: string): Promise<Attachment>;
  /** Signed links for files (at most MAX_LINK_IDS at once); those the caller may not read are `denied`. */
  links(token: string, ids: readonly string[]): Promise<LinksAnswer>;
}


export class HttpFilesApi implements FilesApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  async maxUploadSize(token: string): Promise<number | null> {
    const res = await this.fetch(UPLOADS_PATH, { method: 'OPTIONS', headers: { Authorization: `Bearer ${token}` } });
    const max = Number(res.headers.get('Tus-Max-Size') ?? '');
    return Number.isFinite(max) && max > 0 ? max : null;
  }

  async file(token: string, id: string): Promise<Attachment> {
    const answer = await this.json<FileAnswer>(`/api/v1/files/${encodeURIComponent(id)}`, token);
    return answer.file;
  }

  async links(token: string, ids: readonly string[]): Promise<LinksAnswer> {
    const answer = await this.json<LinksAnswer>('/api/v1/files/links', token, { ids });
    return { links: Array.isArray(answer.links) ? answer.links : [], denied: Array.isArray(answer.denied) ? answer.denied : [] };
  }

  private async json<T>(path: string, token: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await this.fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    return (await res.json()) as T;
  }

  /** fetch, with a refused answer thrown as the server's ApiError and no answer as a network one. */
  private async fetch(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, init);
    } catch {
      throw new ApiError(0, 'network', t('common.networkError'));
    }
    if (!res.ok) throw httpError(res.status, res.statusText, await res.text().catch(() => ''));
    return res;
  }
}
