// The REST half of data exports (exports-wire.ts): start one, list the person's, read one (with
// a fresh signed link once it is done) and remove one. No state: the token comes from the
// caller on each call; errors are thrown as ApiError (400 invalid_input with what is wrong in
// words, 403 forbidden: a chat the person may not read, 404 not_found, 429 rate_limited: two
// exports are being made already, 503 unavailable; a network failure as status 0).
import { t } from '../i18n/core';
import { ApiError, httpError } from './errors';
import { readExport, readExportList } from './exports';
import type { Export, ExportBody, ExportsAnswers, ExportsBodies } from './exports-wire';

/** What store.exports needs from REST; tests pass a fake (fake-exports.ts). */
export interface ExportsApi {
  /** Starts an export (202): it comes back queued. */
  create(token: string, body: ExportBody): Promise<Export>;
  /** The person's exports, newest first. */
  list(token: string): Promise<Export[]>;
  /** One export; once done, with a fresh signed `url`. */
  get(token: string, id: string): Promise<Export>;
  /** Removes one, its file with it (204). */
  remove(token: string, id: string): Promise<void>;
}

function unreadable(): ApiError {
  return new ApiError(200, 'bad_answer', t('common.unreadableAnswer'));
}

/** {export} as the server sends it, or the object alone. */
function answered(answer: { export: unknown } | null): Export {
  const e = readExport(answer?.export ?? answer);
  if (!e) throw unreadable();
  return e;
}

export class HttpExportsApi implements ExportsApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  async create(token: string, body: ExportBody): Promise<Export> {
    return answered(await this.call('POST /api/v1/exports', token, {}, body));
  }

  async list(token: string): Promise<Export[]> {
    return readExportList(await this.call('GET /api/v1/exports', token, {}));
  }

  async get(token: string, id: string): Promise<Export> {
    return answered(await this.call('GET /api/v1/exports/{exportId}', token, { exportId: id }));
  }

  async remove(token: string, id: string): Promise<void> {
    await this.call('DELETE /api/v1/exports/{exportId}', token, { exportId: id });
  }

  /** Calls `op` ("METHOD /path/{param}"), the parameters in the path, the body as JSON. */
  private async call<K extends keyof ExportsAnswers>(
    op: K,
    token: string,
    params: Record<string, string>,
    body?: ExportsBodies[K],
  ): Promise<ExportsAnswers[K] | null> {
    const [method = 'GET', template = ''] = op.split(' ');
    const path = template.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', t('common.networkError'));
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw httpError(res.status, res.statusText, text);
    if (res.status === 204 || text === '') return null;
    try {
      return JSON.parse(text) as ExportsAnswers[K];
    } catch {
      throw new ApiError(res.status, 'bad_answer', t('common.unreadableAnswer'));
    }
  }
}
