// The fake server's message templates (fakes.ts), as Parley keeps them: each person's own and
// each group's canned responses (members read them, the owner and admins change them: 403
// otherwise; 400 for a private chat), the limits (400 invalid_input naming the field), a
// shortcut unique in its set whatever its case (409 conflict "There is a /thanks already"), at
// most `maxPerSet` in a set (409 template_limit), versions (409 when stale), uses counted per
// person and chat, the lists ranked by use (in the chat asked about first, then in all; unused
// ones by title), quick replies (the three most used in the chat, filled up with the most used
// in all), and templates:updated pushed to the client after every change. Used only by the
// unit tests, through FakeServer.templates, passed to the store as its templatesApi.
import { ApiError } from './errors';
import type { TemplatesApi } from './templates-api';
import { TEMPLATE_LIMITS, type CannedSet, type Template, type TemplateBody, type TemplatePatch } from './templates-wire';
import type { Chat, RealtimeEvent, User } from './types';

export interface FakeTemplatesHost {
  readonly userList: User[];
  readonly chatList: Chat[];
  readonly restDown: boolean;
  push(e: RealtimeEvent): void;
}

interface Held {
  tpl: Template;
  /** Whose own template it is; null for a group's. */
  owner: string | null;
}

const SHORTCUT = /^[\p{L}\p{N}_-]{1,32}$/u;
let counter = 0;

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_input', message);
}

export class FakeTemplates implements TemplatesApi {
  private readonly host: FakeTemplatesHost;
  readonly all = new Map<string, Held>();
  /** Uses, by "user/template/chat". */
  readonly uses = new Map<string, { count: number; last: number }>();
  maxPerSet: number = TEMPLATE_LIMITS.perSet;
  /** Calls answered, as "METHOD what". */
  readonly calls: string[] = [];
  /** Ids of people who manage every group's canned responses (besides a group's role for the client). */
  readonly managers = new Set<string>();
  private clock = Date.UTC(2025, 0, 1, 12, 0, 0);

  constructor(host: FakeTemplatesHost) {
    this.host = host;
  }

  private caller(token: string): User {
    if (this.host.restDown) throw new ApiError(0, 'network', 'Cannot reach the server.');
    const u = this.host.userList.find((x) => `token-${x.id}` === token);
    if (!u) throw new ApiError(401, 'unauthorized', 'Invalid token');
    return u;
  }

  private group(user: User, chatId: string, manage: boolean): Chat {
    const chat = this.host.chatList.find((c) => c.id === chatId);
    if (!chat) throw new ApiError(404, 'not_found', 'Chat not found');
    if (!chat.participants.includes(user.id)) throw new ApiError(403, 'forbidden', 'You are not a member of this chat');
    if (chat.kind !== 'group') throw invalid('chatId: canned responses belong to groups');
    if (manage && !this.mayManage(user, chat)) throw new ApiError(403, 'forbidden', 'Only the group’s admins can change its canned responses');
    return chat;
  }

  private mayManage(user: User, chat: Chat): boolean {
    return this.managers.has(user.id) || chat.role === 'owner' || chat.role === 'admin';
  }

  private setOf(owner: string | null, chatId: string | null): Held[] {
    return [...this.all.values()].filter((h) => (chatId === null ? h.owner === owner && h.tpl.chatId === null : h.tpl.chatId === chatId));
  }

  /** The use of `tpl` by `userId` in `chatId` (all chats when null). */
  private useOf(userId: string, id: string, chatId: string | null): { count: number; last: number } {
    let count = 0;
    let last = 0;
    for (const [key, u] of this.uses) {
      const [who, tpl, chat] = key.split('/');
      if (who === userId && tpl === id && (chatId === null || chat === chatId)) {
        count += u.count;
        last = Math.max(last, u.last);
      }
    }
    return { count, last };
  }

  /** As the caller sees it: their use of it in all chats. */
  private view(userId: string, tpl: Template): Template {
    const u = this.useOf(userId, tpl.id, null);
    return { ...tpl, uses: u.count, lastUsedAt: u.count > 0 ? u.last : null };
  }

  /** Ranked: by use in `chatId` (when given), then in all, the latest first on a tie; unused ones by title. */
  private ranked(userId: string, list: Template[], chatId: string | null): Template[] {
    const key = (x: Template) => {
      const here = chatId ? this.useOf(userId, x.id, chatId) : { count: 0, last: 0 };
      const all = this.useOf(userId, x.id, null);
      return [here.count, here.last, all.count, all.last] as const;
    };
    return [...list].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
      return a.title.localeCompare(b.title);
    });
  }

  private check(body: TemplatePatch, set: Held[], id?: string): void {
    if (body.title !== undefined && (body.title.trim() === '' || [...body.title].length > TEMPLATE_LIMITS.title)) throw invalid('title: 1 to 100 characters');
    if (body.category !== undefined && [...body.category].length > TEMPLATE_LIMITS.category) throw invalid('category: at most 40 characters');
    if (body.content !== undefined && (body.content.trim() === '' || body.content.length > TEMPLATE_LIMITS.content)) throw invalid('content: 1 to 10000 characters');
    const shortcut = body.shortcut;
    if (typeof shortcut === 'string' && shortcut !== '') {
      if (!SHORTCUT.test(shortcut)) throw invalid('shortcut: 1 to 32 letters, digits, _ and -');
      if (set.some((h) => h.tpl.id !== id && h.tpl.shortcut === shortcut.toLowerCase())) throw new ApiError(409, 'conflict', `There is a /${shortcut.toLowerCase()} already`);
    }
  }

  private changed(chatId: string | null): void {
    this.host.push({ type: 'templates_updated', event: { chatId } });
  }

  async listMine(token: string, chatId?: string): Promise<Template[]> {
    const user = this.caller(token);
    this.calls.push(chatId === undefined ? 'GET mine' : `GET mine ${chatId}`);
    const mine = this.setOf(user.id, null).map((h) => h.tpl);
    const chat = chatId === undefined ? undefined : this.host.chatList.find((c) => c.id === chatId);
    const canned = chat?.kind === 'group' && chat.participants.includes(user.id) ? this.setOf(null, chat.id).map((h) => h.tpl) : [];
    return this.ranked(user.id, [...mine, ...canned], chatId ?? null).map((x) => this.view(user.id, x));
  }

  async listCanned(token: string, chatId: string): Promise<CannedSet> {
    const user = this.caller(token);
    const chat = this.group(user, chatId, false);
    this.calls.push(`GET canned ${chatId}`);
    const templates = this.setOf(null, chatId)
      .map((h) => this.view(user.id, h.tpl))
      .sort((a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title));
    return { templates, canManage: this.mayManage(user, chat) };
  }

  async create(token: string, set: string | null, body: TemplateBody): Promise<Template> {
    const user = this.caller(token);
    if (set !== null) this.group(user, set, true);
    this.calls.push(`POST ${set ?? 'mine'}`);
    const held = this.setOf(set === null ? user.id : null, set);
    if (typeof body.title !== 'string') throw invalid('title: required');
    if (typeof body.content !== 'string') throw invalid('content: required');
    this.check(body, held);
    if (held.length >= this.maxPerSet) throw new ApiError(409, 'template_limit', `At most ${this.maxPerSet} templates`);
    const now = (this.clock += 1000);
    const tpl: Template = {
      id: `tpl-${++counter}`,
      chatId: set,
      title: body.title.trim(),
      category: body.category?.trim() ?? '',
      shortcut: body.shortcut ? body.shortcut.toLowerCase() : null,
      content: body.content,
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
      version: 1,
      uses: 0,
      lastUsedAt: null,
    };
    this.all.set(tpl.id, { tpl, owner: set === null ? user.id : null });
    this.changed(set);
    return this.view(user.id, tpl);
  }

  private mine(user: User, set: string | null, id: string): Held {
    const held = this.all.get(id);
    if (!held || held.tpl.chatId !== set || (set === null && held.owner !== user.id)) throw new ApiError(404, 'not_found', 'Template not found');
    if (set !== null) this.group(user, set, true);
    return held;
  }

  async update(token: string, set: string | null, id: string, patch: TemplatePatch): Promise<Template> {
    const user = this.caller(token);
    const held = this.mine(user, set, id);
    this.calls.push(`PATCH ${id}`);
    if (patch.version !== undefined && patch.version !== held.tpl.version) throw new ApiError(409, 'conflict', 'The template was changed meanwhile');
    this.check(patch, this.setOf(held.owner, set), id);
    const tpl: Template = {
      ...held.tpl,
      title: patch.title?.trim() ?? held.tpl.title,
      category: patch.category?.trim() ?? held.tpl.category,
      shortcut: patch.shortcut === undefined ? held.tpl.shortcut : patch.shortcut === '' ? null : patch.shortcut.toLowerCase(),
      content: patch.content ?? held.tpl.content,
      version: held.tpl.version + 1,
      updatedAt: (this.clock += 1000),
    };
    this.all.set(id, { ...held, tpl });
    this.changed(set);
    return this.view(user.id, tpl);
  }

  async remove(token: string, set: string | null, id: string): Promise<void> {
    const user = this.caller(token);
    this.mine(user, set, id);
    this.calls.push(`DELETE ${id}`);
    this.all.delete(id);
    this.changed(set);
  }

  async recordUse(token: string, id: string, chatId: string): Promise<void> {
    const user = this.caller(token);
    const held = this.all.get(id);
    if (!held || (held.owner !== null && held.owner !== user.id)) throw new ApiError(404, 'not_found', 'Template not found');
    this.calls.push(`POST use ${id} ${chatId}`);
    const key = `${user.id}/${id}/${chatId}`;
    const was = this.uses.get(key);
    this.uses.set(key, { count: (was?.count ?? 0) + 1, last: (this.clock += 1000) });
  }

  async quickReplies(token: string, chatId: string): Promise<Template[]> {
    const user = this.caller(token);
    this.calls.push(`GET quick ${chatId}`);
    const usable = (await this.listMine(token, chatId)).filter((x) => x.uses > 0);
    const here = usable.filter((x) => this.useOf(user.id, x.id, chatId).count > 0);
    const rest = this.ranked(user.id, usable, null).filter((x) => !here.includes(x));
    return [...here, ...rest].slice(0, 3);
  }

  /** Puts a template straight into a set (no event), as if made before; `uses` of it by `userId` in `chatId`. */
  seed(owner: User | null, set: string | null, fields: Partial<Template> & { title: string; content: string }, use?: { userId: string; chatId: string; count: number }): Template {
    const now = (this.clock += 1000);
    const tpl: Template = { id: `tpl-${++counter}`, chatId: set, category: '', shortcut: null, createdBy: owner?.id ?? '', createdAt: now, updatedAt: now, version: 1, uses: 0, lastUsedAt: null, ...fields };
    this.all.set(tpl.id, { tpl, owner: owner?.id ?? null });
    if (use) this.uses.set(`${use.userId}/${tpl.id}/${use.chatId}`, { count: use.count, last: (this.clock += 1000) });
    return tpl;
  }

  /** Another device or admin changed a set: the event alone. */
  announce(chatId: string | null): void {
    this.changed(chatId);
  }
}
