// The settings documents' answers, by hand: GET /api/v1/me/settings (the global document and
// the chats' overrides), PATCH /api/v1/me/settings and /api/v1/me/settings/chats/<chatId> (the
// document after), and the settings:updated event (a document). wire.gen.ts types their
// requests (a merge patch, or null for the defaults; an optional version) but not their answers
// yet: SettingsAnswersHold fails to compile once it types one, so that it moves to the
// generated types.
import type { RestOperations } from './wire.gen';

/** A document as it comes: read defensively (settings.ts readDocument). */
export interface SettingsDocumentWire {
  chatId: string | null;
  version: number;
  settings: unknown;
  updatedAt: number | null;
}

/** GET /api/v1/me/settings. */
export interface AllSettingsWire {
  global: SettingsDocumentWire;
  /** The overrides of the chats the person is in. */
  chats: SettingsDocumentWire[];
}

/** PATCH's body: an RFC 7396 merge patch (null: back to the defaults), and optionally the version it was made on (409 when not the stored one). */
export interface SettingsPatchBody {
  settings: Record<string, unknown> | null;
  version?: number;
}

export interface SettingsAnswers {
  'GET /api/v1/me/settings': AllSettingsWire;
  'PATCH /api/v1/me/settings': SettingsDocumentWire;
  'GET /api/v1/me/settings/chats/{chatId}': SettingsDocumentWire;
  'PATCH /api/v1/me/settings/chats/{chatId}': SettingsDocumentWire;
}

type NoneOf<T extends never> = T;

/** Every answer above is one the server's route table leaves untyped. */
export type SettingsAnswersHold = NoneOf<
  { [K in keyof SettingsAnswers]: unknown extends RestOperations[K]['response'] ? never : K }[keyof SettingsAnswers]
>;

/** The request bodies the route table types: a patch (typed there as an object of no known members) and a version. */
export type SettingsRequestBody = RestOperations['PATCH /api/v1/me/settings']['body'];

/** The largest document the server keeps (413 beyond). */
export const MAX_SETTINGS_BYTES = 16 * 1024;
