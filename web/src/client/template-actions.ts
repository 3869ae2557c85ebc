// Message templates applied to the client's state: the user's own (loaded on every connect), a
// group's canned responses (when its info panel shows them), each chat's suggestions (the
// user's own and the group's, ranked by the server for that chat: the message box's "/" list)
// and each chat's quick replies (read when the chat's box opens), all read again when the
// server says a set changed (templates:updated: null for the user's own, on any of their
// devices; a chat id for that group's) and after every reconnect; quick replies again when a
// message from someone else arrives in the chat open, and after a use. Creating, changing
// (with the version held: 409 when stale) and deleting wait for the server and throw its
// refusal for the form to show; what it answers shows at once in every list that holds the
// template. A use is counted fire and forget. The variables' values in a chat come from the
// state (vars()). An older answer never replaces a newer one. Used by ChatStore (its
// `templates`); the pure rules are templates.ts.
import { ApiError, errorMessage } from './errors';
import type { Realtime } from './realtime';
import type { Slices } from './slices';
import { KeyedSlice, Slice } from './slices/slice';
import {
  expandTemplate,
  normalShortcut,
  templatePatch,
  varsFor,
  withTemplate,
  withoutTemplate,
  type TemplateDraft,
  type TemplateVars,
} from './templates';
import type { TemplatesApi } from './templates-api';
import type { CannedSet, Template, TemplateBody } from './templates-wire';
import type { RealtimeEvent, ViewMessage } from './types';

export interface TemplatesView {
  /** The user's own templates, ranked by their use; null until loaded. */
  list: readonly Template[] | null;
  loading: boolean;
  /** Loading failed (retry with load()). */
  loadError: string | null;
}

const INITIAL: TemplatesView = { list: null, loading: false, loadError: null };
const NONE: readonly Template[] = Object.freeze([]);
/** A group whose canned responses cannot be read (not a member, not a group). */
const NO_SET: CannedSet = { templates: [], canManage: false };

export interface TemplatesHost {
  /** null: this client has no templates (nothing is loaded; actions refuse). */
  readonly api: TemplatesApi | null;
  readonly realtime: Pick<Realtime, 'subscribe'>;
  readonly slices: Pick<Slices, 'session' | 'chats' | 'users' | 'messages'>;
  session(): number;
  now(): number;
  /** A message held anywhere (the one being answered). */
  findMessage(chatId: string, messageId: string): ViewMessage | undefined;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
}

/** The keys of what is read, so that an older answer is dropped. */
const MINE = 'mine';
const cannedKey = (chatId: string) => `canned:${chatId}`;
const suggestedKey = (chatId: string) => `suggested:${chatId}`;
const quickKey = (chatId: string) => `quick:${chatId}`;

export class TemplateActions {
  readonly view = new Slice<TemplatesView>(INITIAL);
  /** Each group's canned responses, by chat id, once read. */
  readonly canned = new KeyedSlice<CannedSet>();
  /** What each chat's message box suggests (the user's own and the group's, ranked for it), once read. */
  readonly suggested = new KeyedSlice<readonly Template[]>();
  /** Each chat's quick replies (at most three), once read. */
  readonly quick = new KeyedSlice<readonly Template[]>();

  private readonly host: TemplatesHost;
  private readonly unsubscribe: () => void;
  /** The latest read asked for, by key; answers to older ones are dropped. */
  private readonly asked = new Map<string, number>();
  private count = 0;

  constructor(host: TemplatesHost) {
    this.host = host;
    this.unsubscribe = host.realtime.subscribe((e) => this.on(e));
  }

  /** Forgets everything (the session ended). */
  reset(): void {
    this.asked.clear();
    this.view.set(INITIAL);
    this.canned.set({});
    this.suggested.set({});
    this.quick.set({});
  }

  destroy(): void {
    this.unsubscribe();
    this.view.clearListeners();
    this.canned.clearListeners();
    this.suggested.clearListeners();
    this.quick.clearListeners();
  }

  /** Whether this client has templates at all. */
  available(): boolean {
    return this.host.api !== null;
  }

  /** The user's own (null until loaded). */
  list(): readonly Template[] | null {
    return this.view.get().list;
  }

  /** What a chat's "/" list offers: its suggestions once read, the user's own meanwhile. */
  suggestions(chatId: string): readonly Template[] {
    return this.suggested.entry(chatId) ?? this.list() ?? NONE;
  }

  /** A chat's message box opened: its suggestions and quick replies read, unless held. */
  open(chatId: string): void {
    if (!this.host.api) return;
    if (!this.suggested.entry(chatId) && !this.asked.has(suggestedKey(chatId))) void this.loadSuggested(chatId);
    if (!this.quick.entry(chatId) && !this.asked.has(quickKey(chatId))) void this.loadQuickReplies(chatId);
  }

  /** Reads the user's own templates. Failures are quiet (a 401 ends the session), kept in loadError. */
  async load(): Promise<void> {
    this.patch({ loading: true, loadError: null });
    await this.read(
      MINE,
      (api, token) => api.listMine(token),
      (list) => this.patch({ list, loading: false }),
      (err) => this.patch({ loading: false, loadError: errorMessage(err) }),
    );
  }

  /** Reads a group's canned responses (its info panel shows them). */
  loadCanned(chatId: string): Promise<void> {
    return this.read(
      cannedKey(chatId),
      (api, token) => api.listCanned(token, chatId),
      (set) => this.canned.setEntry(chatId, set),
      (err) => {
        // Not a group, not a member (any more): nothing to show there.
        if (err instanceof ApiError && [400, 403, 404].includes(err.status) && !this.canned.entry(chatId)) this.canned.setEntry(chatId, NO_SET);
      },
    );
  }

  /** Reads what a chat's "/" list offers. */
  loadSuggested(chatId: string): Promise<void> {
    return this.read(suggestedKey(chatId), (api, token) => api.listMine(token, chatId), (list) => this.suggested.setEntry(chatId, list));
  }

  /** Reads a chat's quick replies. */
  loadQuickReplies(chatId: string): Promise<void> {
    return this.read(quickKey(chatId), (api, token) => api.quickReplies(token, chatId), (list) => this.quick.setEntry(chatId, list));
  }

  /** Creates a template in a set (null: the user's own; else the group's); shown at once. Throws the refusal (templateErrorText says it). */
  async create(set: string | null, draft: TemplateDraft): Promise<Template> {
    const api = this.requireApi();
    const body: TemplateBody = { title: draft.title.trim(), content: draft.content };
    const category = draft.category.trim();
    const shortcut = normalShortcut(draft.shortcut);
    if (category !== '') body.category = category;
    if (shortcut !== '') body.shortcut = shortcut;
    return this.write(set, (token) => api.create(token, set, body), (made) => this.heard(set, made));
  }

  /** Changes one (only what differs from `held`, with its version); shown at once. A stale one (409) reads the set again; throws the refusal. */
  async update(held: Template, draft: TemplateDraft): Promise<Template> {
    const api = this.requireApi();
    const patch = templatePatch(held, draft);
    return this.write(held.chatId, (token) => api.update(token, held.chatId, held.id, patch), (changed) => this.heard(held.chatId, changed));
  }

  /** Deletes one; gone from every list at once. Throws the refusal. */
  async remove(tpl: Template): Promise<void> {
    const api = this.requireApi();
    await this.write(tpl.chatId, (token) => api.remove(token, tpl.chatId, tpl.id), () => this.gone(tpl));
  }

  /** Counts a use of a template in a chat (inserted or sent); fire and forget. Quick replies and suggestions follow. */
  recordUse(templateId: string, chatId: string): void {
    const api = this.host.api;
    if (!api) return;
    const s = this.host.session();
    api.recordUse(this.host.slices.session.token(), templateId, chatId).then(
      () => {
        if (s !== this.host.session()) return;
        void this.loadQuickReplies(chatId);
        if (this.suggested.entry(chatId)) void this.loadSuggested(chatId);
      },
      (err: unknown) => this.host.handleError(err, s, false),
    );
  }

  /** What the variables are in a chat now; `replyToId`: the message being answered. */
  vars(chatId: string, replyToId?: string | null): TemplateVars {
    const { chats, session, users, messages } = this.host.slices;
    return varsFor({
      chat: chats.chat(chatId),
      me: session.me(),
      users: users.get(),
      items: messages.entry(chatId)?.items ?? NONE_MESSAGES,
      replyToSenderId: replyToId ? this.host.findMessage(chatId, replyToId)?.senderId : null,
      now: this.host.now(),
    });
  }

  /** A template's text as it goes out in a chat, its variables filled in. */
  expand(tpl: Template, chatId: string, replyToId?: string | null): string {
    return expandTemplate(tpl.content, this.vars(chatId, replyToId));
  }

  private requireApi(): TemplatesApi {
    const api = this.host.api;
    if (!api) throw new ApiError(0, 'unavailable', '');
    return api;
  }

  /**
   * Reads `key` and applies the answer, unless the session ended or a newer read of the same
   * key was asked for meanwhile. Failures are quiet (a 401 ends the session); `failed` hears them.
   */
  private async read<V>(
    key: string,
    fetch: (api: TemplatesApi, token: string) => Promise<V>,
    apply: (v: V) => void,
    failed?: (err: unknown) => void,
  ): Promise<void> {
    const api = this.host.api;
    if (!api) return;
    const s = this.host.session();
    const n = ++this.count;
    this.asked.set(key, n);
    const current = () => s === this.host.session() && this.asked.get(key) === n;
    try {
      const v = await fetch(api, this.host.slices.session.token());
      if (current()) apply(v);
    } catch (err) {
      if (!current()) return;
      this.host.handleError(err, s, false);
      failed?.(err);
    }
  }

  /**
   * A change waited for: applied in the session it began in; a refusal handled there (a stale
   * copy or a shortcut taken elsewhere reads the set again, one gone leaves it) and thrown.
   */
  private async write<T>(set: string | null, call: (token: string) => Promise<T>, apply: (v: T) => void): Promise<T> {
    const s = this.host.session();
    try {
      const v = await call(this.host.slices.session.token());
      if (s === this.host.session()) apply(v);
      return v;
    } catch (err) {
      if (s === this.host.session()) {
        this.host.handleError(err, s, false);
        if (err instanceof ApiError && (err.status === 409 || err.status === 404)) this.reload(set);
      }
      throw err;
    }
  }

  /** A template as the server has it now, into every list that holds it (a new one: into its set and the chats it is offered in). */
  private heard(set: string | null, tpl: Template): void {
    if (set === null) {
      const list = this.list();
      if (list) this.patch({ list: withTemplate(list, tpl) });
    } else {
      const held = this.canned.entry(set);
      if (held) this.canned.setEntry(set, { ...held, templates: withTemplate(held.templates, tpl) });
    }
    for (const [chatId, list] of Object.entries(this.suggested.get())) {
      if (set === null || chatId === set) this.suggested.setEntry(chatId, withTemplate(list, tpl));
    }
    for (const [chatId, list] of Object.entries(this.quick.get())) {
      if (list.some((x) => x.id === tpl.id)) this.quick.setEntry(chatId, withTemplate(list, tpl));
    }
  }

  /** A template deleted: out of every list. */
  private gone(tpl: Template): void {
    const list = this.list();
    if (tpl.chatId === null && list) this.patch({ list: withoutTemplate(list, tpl.id) });
    const held = tpl.chatId === null ? undefined : this.canned.entry(tpl.chatId);
    if (tpl.chatId !== null && held) this.canned.setEntry(tpl.chatId, { ...held, templates: withoutTemplate(held.templates, tpl.id) });
    for (const slice of [this.suggested, this.quick]) {
      for (const [chatId, l] of Object.entries(slice.get())) if (l.some((x) => x.id === tpl.id)) slice.setEntry(chatId, withoutTemplate(l, tpl.id));
    }
  }

  /** A set changed (null: the user's own; else a group's): what holds it is read again. */
  private reload(set: string | null): void {
    if (set === null) {
      void this.load();
      for (const chatId of Object.keys(this.suggested.get())) void this.loadSuggested(chatId);
      for (const chatId of Object.keys(this.quick.get())) void this.loadQuickReplies(chatId);
      return;
    }
    if (this.canned.entry(set)) void this.loadCanned(set);
    if (this.suggested.entry(set)) void this.loadSuggested(set);
    if (this.quick.entry(set)) void this.loadQuickReplies(set);
  }

  private on(e: RealtimeEvent): void {
    const { session, chats } = this.host.slices;
    if (session.get().status !== 'authenticated' || !this.host.api) return;
    switch (e.type) {
      case 'connected':
        // Changes made while away were not heard: everything held is read again.
        void this.load();
        for (const chatId of Object.keys(this.canned.get())) void this.loadCanned(chatId);
        for (const chatId of Object.keys(this.suggested.get())) void this.loadSuggested(chatId);
        for (const chatId of Object.keys(this.quick.get())) void this.loadQuickReplies(chatId);
        return;
      case 'templates_updated':
        this.reload(e.event.chatId);
        return;
      case 'message': {
        // Someone else wrote in the chat open: its quick replies are read again.
        const m = e.message;
        if (m.senderId !== session.me()?.id && chats.get().active === m.chatId && this.quick.entry(m.chatId)) void this.loadQuickReplies(m.chatId);
        return;
      }
      case 'chat_removed':
        for (const slice of [this.canned, this.suggested, this.quick] as const) slice.deleteEntry(e.chatId);
        return;
      default:
        return;
    }
  }

  private patch(patch: Partial<TemplatesView>): void {
    this.view.update((v) => ({ ...v, ...patch }));
  }
}

const NONE_MESSAGES: readonly ViewMessage[] = Object.freeze([]);
