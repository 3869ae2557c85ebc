// The user's privacy settings applied to the client's state: loaded when asked for (the
// Privacy dialog opens) and again on every connect once loaded, changed at once as the user
// changes them (each change a PATCH, one at a time, in order; shown before the server answers,
// what it last said back if it refuses, with the refusal in words), and followed from every
// device (privacy:updated); the machinery is server-settings.ts. When who may see the user's
// last seen changes, the user list is read again: by reciprocity, what the user may see of
// others changed too. Used by ChatStore (its `privacy`); the pure rules are in privacy.ts.
import { t } from '../i18n/core';
import type { ChatApi } from './api';
import {
  applyChange,
  audienceChanged,
  overLimit,
  patchOf,
  privacyErrorText,
  readSettings,
  withExceptions,
  withoutException,
  MAX_EXCEPTIONS,
  type ExceptionList,
  type PrivacyChange,
} from './privacy';
import type { Realtime } from './realtime';
import { ServerSettings, type SettingsView } from './server-settings';
import type { Slices } from './slices';
import type { Slice } from './slices/slice';
import type { LastSeenAudience, PrivacySettings, User } from './types';

export type PrivacyView = SettingsView<PrivacySettings>;

export interface PrivacyHost {
  readonly api: ChatApi;
  readonly realtime: Realtime;
  readonly slices: Slices;
  session(): number;
  /** 401 ends the session; other failures become a toast unless `loud` is false. */
  handleError(err: unknown, s: number, loud: boolean): void;
  /** What the user may see of others' presence changed: it is read again. */
  refreshPresence(s: number): void;
}

export class PrivacyActions {
  readonly view: Slice<PrivacyView>;

  private readonly settingsDoc: ServerSettings<PrivacySettings, PrivacyChange>;

  constructor(host: PrivacyHost) {
    this.settingsDoc = new ServerSettings(host, {
      server: {
        get: async (token) => readSettings(await host.api.getPrivacy(token)),
        send: async (token, change) => {
          const answer = readSettings(await host.api.updatePrivacy(token, patchOf(change)));
          return () => answer;
        },
      },
      apply: applyChange,
      fromEvent: (e) => (e.type === 'privacy' ? readSettings(e.settings) : null),
      readOnConnect: 'once-loaded',
      errorText: privacyErrorText,
      onConfirmed: (before, after, pushed) => {
        // Not loaded here before: what changed is not known, so presence is read again anyway.
        if (before ? audienceChanged(before, after) : pushed) host.refreshPresence(host.session());
      },
    });
    this.view = this.settingsDoc.view;
  }

  /** Forgets the settings and what is on its way (the session ended). */
  reset(): void {
    this.settingsDoc.reset();
  }

  destroy(): void {
    this.settingsDoc.destroy();
  }

  /** The settings as shown (null until loaded). */
  settings(): PrivacySettings | null {
    return this.settingsDoc.settings();
  }

  /**
   * Reads the settings from the server. `fresh`: a new look at them (the dialog opened), which
   * forgets the "Saved." or the error of before.
   */
  load(fresh = true): Promise<void> {
    return this.settingsDoc.load(fresh);
  }

  // ------------------------------------------------------------------------------------------
  // Changes: each shown at once and sent, in order

  setReadReceipts(on: boolean): void {
    this.change({ readReceipts: on });
  }

  setTyping(on: boolean): void {
    this.change({ typing: on });
  }

  setLastSeen(audience: LastSeenAudience): void {
    if (this.settings()?.lastSeen === audience) return;
    this.change({ lastSeen: audience });
  }

  /**
   * Adds people to "Always share with" or "Never share with" (out of the other list); false
   * when the list would be longer than the server takes (then nothing is sent).
   */
  addExceptions(list: ExceptionList, users: readonly User[]): boolean {
    const shown = this.settings();
    if (!shown) return false;
    const change = withExceptions(shown, list, users);
    if (!change) return true;
    if (overLimit(shown, list, (change[list]?.length ?? 0) - shown[list].length)) {
      this.settingsDoc.notSaved(t('account.privacy.listFull', { max: MAX_EXCEPTIONS }));
      return false;
    }
    this.change(change);
    return true;
  }

  removeException(list: ExceptionList, userId: string): void {
    const shown = this.settings();
    const change = shown && withoutException(shown, list, userId);
    if (change) this.change(change);
  }

  /** Shows `change` at once and queues it for the server. */
  change(change: PrivacyChange): void {
    this.settingsDoc.change(change);
  }
}
