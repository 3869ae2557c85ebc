// The settings documents' REST answers and bodies, by hand until wire.gen.ts types them:
// GET /api/v1/me/settings (the global document and the chats' overrides), PATCH
// /api/v1/me/settings and /api/v1/me/settings/chats/<chatId> (a merge patch, or null for the
// defaults; the document after), and the settings:updated event (a document).

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

export const SETTINGS_PATH = '/api/v1/me/settings';
/** The largest document the server keeps (413 beyond). */
export const MAX_SETTINGS_BYTES = 16 * 1024;
