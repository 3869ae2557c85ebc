// The REST half of the person's settings (settings-wire.ts): every document at once, one chat's,
// and a change of one. No state: the token comes from the caller on each call; errors are thrown
// as ApiError (400 invalid_input with the setting and the rule in words, 404 a chat the person is
// not in, 409 a version that is not the stored one, 413 too large; a network failure as status 0).
import { ApiError, httpError } from './errors';
import type { AllSettingsWire, SettingsAnswers, SettingsDocumentWire, SettingsPatchBody, SettingsRequestBody } from './settings-wire';

/** What store.settings needs from REST; tests pass a fake (fake-settings.ts). */
export interface SettingsApi {
  /** The global document and the overrides of the person's chats. */
  all(token: string): Promise<AllSettingsWire>;
  /** One chat's document. */
  chat(token: string, chatId: string): Promise<SettingsDocumentWire>;
  /** Changes the global document (chatId null) or a chat's; answers the document after. */
  change(token: string, chatId: string | null, body: SettingsPatchBody): Promise<SettingsDocumentWire>;
}

const NETWORK = 'Cannot reach the server. Check your connection and try again.';

export class HttpSettingsApi implements SettingsApi {
  private readonly base: string;

  /** `base` is the server's origin, '' for the page's own. */
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
  }

  all(token: string): Promise<AllSettingsWire> {
    return this.call('GET /api/v1/me/settings', token);
  }

  chat(token: string, chatId: string): Promise<SettingsDocumentWire> {
    return this.call('GET /api/v1/me/settings/chats/{chatId}', token, chatId);
  }

  change(token: string, chatId: string | null, body: SettingsPatchBody): Promise<SettingsDocumentWire> {
    // The route table types the patch as an object of no known members: any merge patch is one.
    const typed: SettingsRequestBody = body as unknown as SettingsRequestBody;
    return chatId === null
      ? this.call('PATCH /api/v1/me/settings', token, null, typed)
      : this.call('PATCH /api/v1/me/settings/chats/{chatId}', token, chatId, typed);
  }

  /** Calls `op` ("METHOD /path/{chatId}"), the chat's id in the path, the body as JSON. */
  private async call<K extends keyof SettingsAnswers>(op: K, token: string, chatId: string | null = null, body?: SettingsRequestBody): Promise<SettingsAnswers[K]> {
    const [method = 'GET', template = ''] = op.split(' ');
    const path = template.replace('{chatId}', encodeURIComponent(chatId ?? ''));
    const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', NETWORK);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw httpError(res.status, res.statusText, text);
    try {
      return JSON.parse(text) as SettingsAnswers[K];
    } catch {
      throw new ApiError(res.status, 'bad_answer', 'The server’s answer could not be read.');
    }
  }
}
