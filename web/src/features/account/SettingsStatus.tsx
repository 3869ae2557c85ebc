// What the account dialogs of settings kept by the server (Privacy, Notifications) say of them
// beside the settings themselves: until they are loaded, "Loading…" or why they could not be,
// with Try again; at the bottom, "Changes are saved at once.", "Saving…", "Saved." or why the
// last change was not saved, and Close. The view is store.privacy's or store.notifications'
// (client/server-settings.ts). SettingsFrame: the dialog, or (embedded) the same settings as a
// section of the settings page, without a dialog's frame, inner scrolling or Close.
import type { ReactNode } from 'react';

import type { SettingsView } from '../../client/server-settings';
import { useT } from '../../i18n';
import { Modal } from '../../shared/Modal';

/** A settings dialog's frame, or none when embedded in the settings page. */
export function SettingsFrame({ embedded, title, onClose, testId, children }: { embedded: boolean; title: string; onClose: () => void; testId: string; children: ReactNode }) {
  if (!embedded) {
    return (
      <Modal title={title} onClose={onClose} testId={testId}>
        {children}
      </Modal>
    );
  }
  return (
    <div className="-mx-5 flex flex-col [&>div:first-child]:max-h-none [&>div:first-child]:overflow-visible" data-testid={testId}>
      {children}
    </div>
  );
}

/** In place of the settings until they are loaded: "Loading…", or why not with Try again. */
export function SettingsLoading({ what, error, onRetry }: { what: string; error: string | null; onRetry: () => void }) {
  const t = useT();
  if (!error) {
    return (
      <p className="text-sm text-muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  return (
    <div role="alert" className="flex flex-col items-start gap-2 text-sm">
      <p className="text-danger">{t('account.settings.loadFailed', { what, error })}</p>
      <button type="button" onClick={onRetry} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
        {t('account.tryAgain')}
      </button>
    </div>
  );
}

/** The dialog's bottom: how saving goes, and Close. `testId` prefixes `-status` and `-error`. */
export function SettingsFooter({ view, testId, onClose }: { view: SettingsView<unknown>; testId: string; onClose?: () => void }) {
  const t = useT();
  const status =
    view.save === 'saving'
      ? t('common.saving')
      : view.save === 'saved'
        ? t('account.settings.saved')
        : view.save === 'idle' && view.settings
          ? t('account.settings.savedAtOnce')
          : '';
  return (
    <div className="flex min-h-14 items-center gap-3 border-t border-line px-5 py-2">
      <div className="min-w-0 flex-1 text-sm">
        <p role="status" className="text-muted" data-testid={`${testId}-status`}>
          {status}
        </p>
        {view.save === 'failed' && view.error && (
          <p role="alert" className="text-danger" data-testid={`${testId}-error`}>
            {view.error}
          </p>
        )}
      </div>
      {onClose && (
        <button type="button" onClick={onClose} className="h-11 shrink-0 rounded-xl px-4 text-sm font-medium hover:bg-hover">
          {t('common.close')}
        </button>
      )}
    </div>
  );
}
