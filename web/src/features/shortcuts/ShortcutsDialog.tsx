// The keyboard shortcuts' help (`?`, or "Keyboard shortcuts" in the account menu): every
// shortcut of the table (shared/shortcuts.ts) by where it works, its keys as this platform
// writes them (⌘ and ⌥ on Apple's systems), read out in words, and how sending goes by the
// person's own setting, with the way to change it. A modal dialog: focus stays inside, Esc
// closes it and focus goes back to where it was.
import { Fragment } from 'react';

import { navigate } from '../../app/router';
import { useEnterToSend } from '../../app/store-context';
import { Modal } from '../../shared/Modal';
import { chordsOf, currentPlatform, keyCaps, SCOPES, SHORTCUTS, type Chord, type Platform } from '../../shared/shortcuts';
import { useT } from '../../i18n';

/** One chord: its keys in <kbd>s (hidden from screen readers) and in words (for them). */
function Keys({ chord, platform }: { chord: Chord; platform: Platform }) {
  const caps = keyCaps(chord, platform);
  return (
    <span className="inline-flex" data-chord>
      <span className="sr-only">{caps.map((k) => k.spoken).join(' + ')}</span>
      <kbd aria-hidden="true" className="inline-flex items-center gap-1 font-sans">
        {caps.map((k, i) => (
          <kbd
            key={i}
            className="inline-flex h-7 min-w-7 items-center justify-center rounded-md border border-b-2 border-line bg-panel-2 px-1.5 font-sans text-xs font-semibold text-fg"
          >
            {k.label}
          </kbd>
        ))}
      </kbd>
    </span>
  );
}

export function ShortcutsDialog({ onClose, platform = currentPlatform() }: { onClose: () => void; platform?: Platform }) {
  const t = useT();
  const enterToSend = useEnterToSend();
  const settings = { enterToSend };

  const changeSetting = () => {
    onClose();
    navigate({ name: 'settings', section: 'chats' });
  };

  return (
    <Modal title={t('keys.title')} onClose={onClose} testId="shortcuts-dialog" wide>
      <div className="scrollbar-thin max-h-[calc(100dvh-8rem)] overflow-y-auto px-5 pt-3 pb-5">
        <p className="text-sm text-muted">{t('keys.intro')}</p>
        {SCOPES.map((scope) => (
          <section key={scope} aria-labelledby={`shortcuts-${scope}`} className="mt-4" data-testid={`shortcuts-${scope}`}>
            <h3 id={`shortcuts-${scope}`} className="text-sm font-semibold text-accent">
              {t(`keys.scope.${scope}`)}
            </h3>
            {scope === 'message' && <p className="text-sm text-muted">{t('keys.scope.messageHint')}</p>}
            <dl className="divide-y divide-line">
              {SHORTCUTS.filter((s) => s.scope === scope).map((s) => (
                <div key={s.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2" data-shortcut={s.id}>
                  <dt className="min-w-0 flex-1 basis-40 text-sm">{t(s.description)}</dt>
                  <dd className="ms-auto flex flex-wrap items-center justify-end gap-1.5">
                    {chordsOf(s, settings).map((c, i) => (
                      <Fragment key={i}>
                        {i > 0 && <span className="text-xs text-muted">{t('keys.or')}</span>}
                        <Keys chord={c} platform={platform} />
                      </Fragment>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
            {scope === 'composer' && (
              <p className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-muted" data-testid="shortcuts-send-setting">
                <span>{enterToSend ? t('keys.sendSetting.enter') : t('keys.sendSetting.modEnter')}</span>
                <button
                  type="button"
                  onClick={changeSetting}
                  className="min-h-9 rounded-lg px-1 font-medium text-accent hover:underline max-md:min-h-11"
                >
                  {t('keys.sendSetting.change')}
                </button>
              </p>
            )}
          </section>
        ))}
      </div>
    </Modal>
  );
}
