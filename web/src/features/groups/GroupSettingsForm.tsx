// A group's settings, for its admins: who may send, add members, edit the info and pin; earlier
// history for new members; slow mode; how long messages can be edited; the member limit. Each
// change is sent as it is made.
import { useEffect, useState, type FormEvent } from 'react';

import { useChatStore } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { editWindowMs } from '../../client/lifecycle';
import type { Chat, GroupPolicy, GroupSettings } from '../../client/types';
import { button, field } from './styles';
import { t, useT, type MessageKey } from '../../i18n';

const SLOW_MODES = [0, 10, 30, 60, 300, 900, 3600];
/** A group's edit windows on offer (seconds); 0: the server's. */
const EDIT_WINDOWS = [0, 300, 900, 3600, 86400];

function durationLabel(s: number): string {
  if (s % 86400 === 0) return t('time.days', { count: s / 86400 });
  if (s % 3600 === 0) return t('time.hours', { count: s / 3600 });
  if (s % 60 === 0) return t('time.minutes', { count: s / 60 });
  return t('time.seconds', { count: s });
}

/** The server's own window, as the "server's" choice says it. */
function serverWindowLabel(): string {
  const ms = editWindowMs();
  return ms > 0 ? t('groups.settings.serverDefault', { duration: durationLabel(Math.round(ms / 1000)) }) : t('groups.settings.serverDefaultAlways');
}

function slowModeLabel(s: number): string {
  if (s === 0) return t('groups.settings.off');
  if (s < 60) return t('time.seconds', { count: s });
  if (s < 3600) return t('time.minutes', { count: s / 60 });
  return t('time.hours', { count: 1 });
}

/** The settings, for admins: each change is sent at once. */
export function SettingsForm({ chat, settings }: { chat: Chat; settings: GroupSettings }) {
  useT();
  const store = useChatStore();
  const [limit, setLimit] = useState(String(settings.memberLimit ?? 0));
  useEffect(() => setLimit(String(settings.memberLimit ?? 0)), [settings.memberLimit]);
  const change = (patch: GroupSettings) => {
    store.groups.updateGroupSettings(chat.id, patch).catch((err: unknown) => store.showToast(t('groups.settings.notChanged', { error: errorMessage(err) })));
  };
  const policies: Array<[keyof GroupSettings, MessageKey, GroupPolicy]> = [
    ['sendMessages', 'groups.settings.sendMessages', 'everyone'],
    ['addMembers', 'groups.settings.addMembers', 'everyone'],
    ['editInfo', 'groups.settings.editInfo', 'admins'],
    ['pinMessages', 'groups.settings.pinMessages', 'everyone'],
  ];
  const select = `${field} h-11 w-full`;
  return (
    <section aria-labelledby="settings-heading" className="flex flex-col gap-2 border-b border-line px-5 py-3" data-testid="group-settings">
      <h3 id="settings-heading" className="text-sm font-semibold">
        {t('groups.settings.title')}
      </h3>
      {policies.map(([key, label, fallback]) => (
        <label key={key} className="flex flex-col gap-1 text-sm">
          {t(label)}
          <select
            className={select}
            value={(settings[key] as GroupPolicy | undefined) ?? fallback}
            onChange={(e) => change({ [key]: e.target.value as GroupPolicy })}
          >
            <option value="everyone">{t('groups.settings.everyone')}</option>
            <option value="admins">{t('groups.settings.admins')}</option>
          </select>
        </label>
      ))}
      <label className="flex min-h-11 items-center gap-3 text-sm">
        <input
          type="checkbox"
          className="size-5 accent-(--p-accent)"
          checked={settings.historyVisible ?? true}
          onChange={(e) => change({ historyVisible: e.target.checked })}
        />
        {t('groups.settings.history')}
      </label>
      <label className="flex flex-col gap-1 text-sm">
        {t('groups.settings.slowMode')}
        <select className={select} value={settings.slowModeSeconds ?? 0} onChange={(e) => change({ slowModeSeconds: Number(e.target.value) })}>
          {[...new Set([...SLOW_MODES, settings.slowModeSeconds ?? 0])].sort((a, b) => a - b).map((s) => (
            <option key={s} value={s}>
              {SLOW_MODES.includes(s) ? slowModeLabel(s) : t('time.seconds', { count: s })}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        {t('groups.settings.editWindow')}
        <select
          className={select}
          value={settings.editWindowSeconds ?? 0}
          onChange={(e) => change({ editWindowSeconds: Number(e.target.value) })}
        >
          {[...new Set([...EDIT_WINDOWS, settings.editWindowSeconds ?? 0])]
            // A group only shortens the server's window.
            .filter((s) => s === 0 || editWindowMs() === 0 || s * 1000 <= editWindowMs())
            .sort((a, b) => a - b)
            .map((s) => (
              <option key={s} value={s}>
                {s === 0 ? serverWindowLabel() : durationLabel(s)}
              </option>
            ))}
        </select>
      </label>
      <form
        className="flex items-end gap-2"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          const n = Number(limit);
          if (Number.isInteger(n) && n >= 0) change({ memberLimit: n });
        }}
      >
        <label className="flex flex-1 flex-col gap-1 text-sm">
          {t('groups.settings.memberLimit')}
          <input type="number" min={0} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} className={`${field} h-11`} />
        </label>
        <button type="submit" className={`${button} bg-panel-2 hover:bg-active`}>
          {t('groups.settings.setLimit')}
        </button>
      </form>
    </section>
  );
}
