// The Privacy dialog (from the account menu): read receipts and typing indicators as switches,
// "Last seen & online" as a radio group (Everybody, People I chat with, Nobody) with its two
// exception lists, each with its consequence in a line, the reciprocity included (what the user
// does not share they do not see of others). Every change is saved at once (store.privacy: shown
// before the server answers, put back if it refuses); the line under the settings says
// "Saving…", "Saved" or why it was not saved. Under them, "Blocked people" (BlockedPeople.tsx),
// "My reports" (MyReports.tsx) and "Moderation notices" (ModerationNotices.tsx), shown even while
// the settings load. The server applies the settings; this only shows and changes them.
import { useEffect, useId } from 'react';

import { useChatStore, usePrivacy } from '../../app/store-context';
import { AUDIENCES } from '../../client/privacy';
import { Switch } from '../../shared/Switch';
import { BlockedPeople } from './BlockedPeople';
import { ExceptionList } from './ExceptionList';
import { ModerationNotices } from './ModerationNotices';
import { MyReports } from './MyReports';
import { SettingsFooter, SettingsFrame, SettingsLoading } from './SettingsStatus';
import { useT } from '../../i18n';

export function PrivacyDialog({ onClose, embedded = false }: { onClose: () => void; embedded?: boolean }) {
  const t = useT();
  const store = useChatStore();
  const view = usePrivacy();
  const radioName = useId();
  const lastSeenHelpId = useId();
  const settings = view.settings;

  useEffect(() => {
    void store.privacy.load();
  }, [store]);

  return (
    <SettingsFrame embedded={embedded} title={t('account.privacy')} onClose={onClose} testId="privacy-dialog">
      <div className="scrollbar-thin max-h-[calc(100dvh-11rem)] overflow-y-auto px-5 py-4">
        {!settings ? (
          <SettingsLoading what={t('account.privacy.settings')} error={view.loadError} onRetry={() => void store.privacy.load()} />
        ) : (
          <div className="flex flex-col gap-5">
            <Switch
              label={t('account.privacy.readReceipts')}
              description={t('account.privacy.readReceiptsHint')}
              checked={settings.readReceipts}
              onChange={(on) => store.privacy.setReadReceipts(on)}
              testId="privacy-read-receipts"
            />
            <Switch
              label={t('account.privacy.typing')}
              description={t('account.privacy.typingHint')}
              checked={settings.typing}
              onChange={(on) => store.privacy.setTyping(on)}
              testId="privacy-typing"
            />
            <div className="border-t border-line pt-4">
              <fieldset aria-describedby={lastSeenHelpId} className="flex flex-col gap-1">
                <legend className="text-[15px] font-medium">{t('account.privacy.lastSeen')}</legend>
                <p id={lastSeenHelpId} className="mb-1 text-sm text-muted">
                  {t('account.privacy.lastSeenHint')}
                </p>
                {AUDIENCES.map((a) => (
                  <label key={a.value} className="flex min-h-11 cursor-pointer items-center gap-3 rounded-xl px-1 hover:bg-hover">
                    <input
                      type="radio"
                      name={radioName}
                      value={a.value}
                      checked={settings.lastSeen === a.value}
                      onChange={() => store.privacy.setLastSeen(a.value)}
                      className="size-5 shrink-0 accent-(--p-accent)"
                    />
                    <span className="text-[15px]">{a.label}</span>
                  </label>
                ))}
              </fieldset>
            </div>
            <ExceptionList list="always" people={settings.always} description={t('account.privacy.alwaysHint')} />
            <ExceptionList list="never" people={settings.never} description={t('account.privacy.neverHint')} />
          </div>
        )}
        <div className="mt-5">
          <BlockedPeople />
        </div>
        <div className="mt-5">
          <MyReports />
        </div>
        <div className="mt-5">
          <ModerationNotices />
        </div>
      </div>
      <SettingsFooter view={view} testId="privacy" onClose={embedded ? undefined : onClose} />
    </SettingsFrame>
  );
}
