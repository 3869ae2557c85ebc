// The settings page (/settings/<section>): Appearance, Chats, Templates (the person's message
// templates, handed in), Notifications (the sounds, then the notification settings the app hands
// in), Privacy (handed in), Your data (the data export, handed in; with a chat chosen when the
// address names one) and Language, as tabs (a column
// beside the section from 768 px, a row that scrolls sideways on a phone; the arrow keys, Home
// and End move between them, and the address follows, so a reload or a link opens the same
// one). Every change shows at once and is saved by itself; the header says how saving goes
// ("Saving…", a quiet "Saved", or waiting for the connection) and the refusal in words, and a
// polite live region says it too. Until the settings are read (or kept from before), the
// defaults show; a failure to read them says so with "Try again".
import { useEffect, useId, useRef, useSyncExternalStore, type ComponentType, type KeyboardEvent } from 'react';

import { navigate, SETTINGS_SECTIONS, type SettingsSection } from '../../app/router';
import { useChatStore, useSettingsView } from '../../app/store-context';
import { useT } from '../../i18n';
import { BackIcon, CheckIcon, ChevronRightIcon, SettingsIcon } from '../../shared/icons';
import { useScrollEdges } from '../../shared/useScrollEdges';
import { useEscapeLayer } from '../../shared/useEscapeLayer';
import { AppearanceSection } from './AppearanceSection';
import { ChatsSection } from './ChatsSection';
import { PartTitle } from './controls';
import { LanguageSection } from './LanguageSection';
import { SoundsSettings } from './SoundsSettings';

/** A fade over one end of the phone's tab row (not its bottom line), the panel's colour at the edge. */
const FADE =
  'pointer-events-none absolute top-0 bottom-px flex w-12 items-center from-panel from-40% to-transparent px-1 text-muted transition-opacity duration-150 motion-reduce:transition-none md:hidden';

const WIDE = '(min-width: 768px)';
const subscribeWide = (l: () => void) => {
  const m = window.matchMedia?.(WIDE);
  m?.addEventListener?.('change', l);
  return () => m?.removeEventListener?.('change', l);
};
/** From 768 px the tabs are a column. */
const isWide = () => window.matchMedia?.(WIDE).matches ?? true;

export interface SettingsSlots {
  /** The notification settings (the account's), shown under the sounds. */
  NotificationsSettings: ComponentType;
  /** The privacy settings (the account's). */
  PrivacySettings: ComponentType;
  /** The person's message templates (the templates feature's). */
  TemplatesSettings: ComponentType;
  /** The person's data: exporting their chats (the exports feature's); `chatId`: that chat chosen. */
  DataSettings: ComponentType<{ chatId?: string }>;
}

/**
 * How saving goes, quietly: a status line, and the refusal in words. `idleHint`: say that changes
 * save themselves while nothing is on its way (not in Templates, whose form has its own button).
 */
function SaveStatus({ idleHint }: { idleHint: boolean }) {
  const t = useT();
  const view = useSettingsView();
  const text =
    view.save === 'saving'
      ? t('settings.status.saving')
      : view.save === 'saved'
        ? t('settings.status.saved')
        : view.save === 'waiting'
          ? t('settings.status.waiting')
          : '';
  return (
    <div className="min-w-0 flex-1 text-end text-sm">
      <p role="status" className="inline-flex items-center gap-1 text-muted" data-testid="settings-status" data-save={view.save}>
        {view.save === 'saved' && <CheckIcon size={16} className="text-online" />}
        {text}
        {/* On a phone the header has no room to say it before anything is changed. */}
        {view.save === 'idle' && idleHint && <span className="hidden md:inline">{t('settings.status.idle')}</span>}
      </p>
      {view.save === 'failed' && view.error && !view.refused?.path?.startsWith('appearance.bubbles') && (
        <p role="alert" className="text-danger" data-testid="settings-error">
          {view.error}
        </p>
      )}
    </div>
  );
}

export function SettingsPage({
  section,
  chatId,
  NotificationsSettings,
  PrivacySettings,
  TemplatesSettings,
  DataSettings,
}: {
  section: SettingsSection;
  /** The data section's export: this chat chosen. */
  chatId?: string;
} & SettingsSlots) {
  const t = useT();
  const store = useChatStore();
  const view = useSettingsView();
  const ids = useId();
  const tabRefs = useRef<Partial<Record<SettingsSection, HTMLButtonElement | null>>>({});
  const tabList = useRef<HTMLDivElement>(null);
  // On a phone the tabs' row scrolls: a fade with a chevron says which end hides some.
  const hidden = useScrollEdges(tabList);
  const wide = useSyncExternalStore(subscribeWide, isWide, () => true);

  // Whatever waits for a pause (a slider) is saved when the page is left.
  useEffect(() => () => store.settings.flushAll(), [store]);
  useEffect(() => {
    tabRefs.current[section]?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [section]);

  // Esc, as the back button, leaves the page when nothing above it takes Esc.
  const back = () => navigate({ name: 'home' });
  useEscapeLayer(back);

  const go = (s: SettingsSection, focus = false) => {
    // The section shown stays as it is (the data section keeps the chat its address chose).
    if (s !== section) navigate({ name: 'settings', section: s }, true);
    if (focus) tabRefs.current[s]?.focus();
  };
  const onTabKey = (e: KeyboardEvent) => {
    // Alt+arrows move between chats, not tabs.
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = SETTINGS_SECTIONS.indexOf(section);
    const n = SETTINGS_SECTIONS.length;
    const next =
      e.key === 'ArrowDown' || e.key === 'ArrowRight'
        ? at + 1
        : e.key === 'ArrowUp' || e.key === 'ArrowLeft'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    go(SETTINGS_SECTIONS[(next + n) % n]!, true);
  };

  return (
    <section aria-labelledby={`${ids}-title`} className="flex min-h-0 flex-1 flex-col bg-chat" data-testid="settings-page">
      <header className="flex items-center gap-2 border-b border-line bg-panel px-2 py-2.5 md:px-5">
        <button
          type="button"
          onClick={back}
          aria-label={t('settings.back')}
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted hover:bg-hover hover:text-fg md:size-9"
        >
          <BackIcon />
        </button>
        <SettingsIcon size={20} className="shrink-0 text-accent" />
        <h2 id={`${ids}-title`} className="shrink-0 font-semibold">
          {t('settings.title')}
        </h2>
        <SaveStatus idleHint={section !== 'templates' && section !== 'data'} />
      </header>
      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        <div className="relative shrink-0">
        <div
          ref={tabList}
          role="tablist"
          aria-label={t('settings.sections')}
          aria-orientation={wide ? 'vertical' : 'horizontal'}
          className="flex h-full scroll-px-12 gap-1 overflow-x-auto border-b border-line bg-panel px-2 motion-safe:scroll-smooth md:w-52 md:flex-col md:overflow-visible md:border-e md:border-b-0 md:p-2"
        >
          {SETTINGS_SECTIONS.map((s) => (
            <button
              key={s}
              ref={(el) => {
                tabRefs.current[s] = el;
              }}
              type="button"
              role="tab"
              id={`${ids}-${s}`}
              aria-selected={section === s}
              aria-controls={`${ids}-panel`}
              tabIndex={section === s ? 0 : -1}
              onClick={() => go(s)}
              onKeyDown={onTabKey}
              className={`-mb-px h-11 shrink-0 border-b-2 px-3 text-sm font-medium focus-visible:-outline-offset-2 md:mb-0 md:rounded-lg md:border-b-0 md:text-start ${
                section === s ? 'border-accent text-accent md:bg-accent-soft' : 'border-transparent text-muted hover:text-fg md:hover:bg-hover'
              }`}
              data-testid={`settings-tab-${s}`}
            >
              {t(`settings.section.${s}`)}
            </button>
          ))}
        </div>
        <span aria-hidden="true" className={`${FADE} start-0 justify-start bg-linear-to-r rtl:bg-linear-to-l ${hidden.start ? 'opacity-100' : 'opacity-0'}`}>
          <BackIcon size={16} className="rtl:-scale-x-100" />
        </span>
        <span aria-hidden="true" className={`${FADE} end-0 justify-end bg-linear-to-l rtl:bg-linear-to-r ${hidden.end ? 'opacity-100' : 'opacity-0'}`}>
          <ChevronRightIcon size={16} className="rtl:-scale-x-100" />
        </span>
        </div>
        <div
          role="tabpanel"
          id={`${ids}-panel`}
          aria-labelledby={`${ids}-${section}`}
          tabIndex={0}
          className="scrollbar-thin min-h-0 flex-1 overflow-y-auto bg-panel px-4 py-5 md:px-8"
          data-testid={`settings-${section}`}
        >
          <div className="mx-auto flex max-w-3xl flex-col gap-5">
            {!view.loaded && view.loadError && (
              <div role="alert" className="flex flex-wrap items-center gap-3 rounded-xl bg-danger-soft p-3 text-sm">
                <p className="min-w-0 flex-1 text-danger">{t('settings.loadError', { error: view.loadError })}</p>
                <button type="button" onClick={() => void store.settings.load()} className="h-11 rounded-xl bg-panel px-4 font-medium hover:bg-hover">
                  {t('settings.retry')}
                </button>
              </div>
            )}
            {section === 'appearance' ? (
              <AppearanceSection />
            ) : section === 'chats' ? (
              <ChatsSection />
            ) : section === 'templates' ? (
              <TemplatesSettings />
            ) : section === 'notifications' ? (
              <>
                <PartTitle first>{t('settings.sounds.title')}</PartTitle>
                <SoundsSettings />
                <div className="border-t border-line pt-5">
                  <NotificationsSettings />
                </div>
              </>
            ) : section === 'privacy' ? (
              <PrivacySettings />
            ) : section === 'data' ? (
              <DataSettings chatId={chatId} />
            ) : (
              <LanguageSection />
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
