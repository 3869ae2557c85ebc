// Message templates on the wire, by hand: the Template object (a person's own, or a group's
// canned response), the bodies of /api/v1/me/templates (the caller's own; with ?chatId= the
// list the message box suggests from, ranked for that chat), /api/v1/chats/<chatId>/templates
// (a group's canned responses, kept by its admins), /api/v1/templates/<id>/uses (a use counted)
// and /api/v1/chats/<chatId>/quick-replies, their answers, and the templates:updated event.
// The bodies are the generated ones (wire.gen.ts); the server's route table lists these routes
// with answers it does not type: TemplatesRoutesHold fails to compile if a route leaves the
// table or once the table types its answer (which then moves to the generated types).
import type { RestOperations } from './wire.gen';

/** One template, as the server sends it (read defensively: templates.ts readTemplate). */
export interface Template {
  id: string;
  /** null: the caller's own template; a group's chat id: that group's canned response. */
  chatId: string | null;
  title: string;
  /** '' when none. */
  category: string;
  /** Without the leading '/', lower case; null when none. */
  shortcut: string | null;
  /** May hold the variables {name} {first_name} {my_name} {date}. */
  content: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  version: number;
  /** How often the caller used it (in all chats). */
  uses: number;
  /** When the caller last used it (epoch ms). */
  lastUsedAt: number | null;
}

/** A group's canned responses, and whether the caller may change them (its admins and owner). */
export interface CannedSet {
  templates: Template[];
  canManage: boolean;
}

/** POST /api/v1/me/templates (a group's takes the same): title and content; category, shortcut optional. */
export type TemplateBody = RestOperations['POST /api/v1/me/templates']['body'];

/** PATCH …/templates/<templateId>: any of them; shortcut '': none; version: 409 when stale. */
export type TemplatePatch = RestOperations['PATCH /api/v1/me/templates/{templateId}']['body'];

/**
 * The answers as they come (each read defensively by templates.ts). A template created or
 * changed comes as {template}; the object alone is read too.
 */
export interface TemplatesAnswers {
  'GET /api/v1/me/templates': { templates: unknown };
  'POST /api/v1/me/templates': { template: unknown };
  'PATCH /api/v1/me/templates/{templateId}': { template: unknown };
  'DELETE /api/v1/me/templates/{templateId}': null;
  'GET /api/v1/chats/{chatId}/templates': { templates: unknown; canManage: unknown };
  'POST /api/v1/chats/{chatId}/templates': { template: unknown };
  'PATCH /api/v1/chats/{chatId}/templates/{templateId}': { template: unknown };
  'DELETE /api/v1/chats/{chatId}/templates/{templateId}': null;
  'POST /api/v1/templates/{templateId}/uses': null;
  'GET /api/v1/chats/{chatId}/quick-replies': { templates: unknown };
}

/** The bodies each route takes, as the server's route table has them (undefined: none). */
export type TemplatesBodies = {
  [K in keyof TemplatesAnswers]: K extends keyof RestOperations ? (RestOperations[K] extends { body: infer B } ? B : undefined) : never;
};

/** The templates:updated event: null, the caller's own set changed; a chat id, that group's canned responses. */
export interface TemplatesUpdatedEvent {
  chatId: string | null;
}

type NoneOf<T extends never> = T;
type Failing<M> = { [K in keyof M]: M[K] extends true ? never : K }[keyof M];

/** Each route is in the server's route table, its answer (but 204's) still untyped there. */
export type TemplatesRoutesHold = NoneOf<
  Failing<{
    [K in keyof TemplatesAnswers]: K extends keyof RestOperations
      ? TemplatesAnswers[K] extends null
        ? true
        : unknown extends RestOperations[K]['response']
          ? true
          : false
      : false;
  }>
>;

/** The server's limits (it checks them again). */
export const TEMPLATE_LIMITS = {
  title: 100,
  category: 40,
  content: 10000,
  shortcut: 32,
  /** Templates per person, and per group. */
  perSet: 200,
} as const;
