// The chat header's notification menu: a bell button (struck through while the chat is quiet:
// muted, or set to nothing; its name says how) with a menu (WAI-ARIA menu pattern) of what the
// chat notifies about (All messages, Mentions only, Nothing: radio items) and the mutes (for 1
// hour, 8 hours, 1 week, always; Unmute while muted). A choice is saved at once
// (store.notifications; a refusal is a toast) and closes the menu. Arrow keys, Home and End
// move; Escape gives focus back to the button; Tab or a press outside closes it. Not shown
// until the user's notification settings are loaded (a server without them: never). While Do
// not disturb is in force a moon before it says so, with when it ends. Last, where the app offers
// them, "Background and sound…": the chat's own (onCustomize opens them), and "Export chat…"
// (onExport: the data export with this chat chosen).
import { useId } from 'react';

import { useChatNotifications, useChatStore, useDnd, useNotificationSettings } from '../../app/store-context';
import { LEVELS, MUTES, chatSetting, isMuted, isQuiet, settingText } from '../../client/notifications';
import { DndIndicator } from '../../shared/DndIndicator';
import { BellIcon, BellOffIcon, CheckIcon, DownloadIcon } from '../../shared/icons';
import { useMenuButton } from '../../shared/useMenuButton';
import { PaletteIcon } from '../../shared/icons';
import { useT } from '../../i18n';
import { useNow } from '../../shared/useNow';

const itemClass =
  'flex min-h-11 w-full items-center gap-3 px-4 text-start text-[15px] outline-none hover:bg-hover focus:bg-hover md:min-h-9 md:text-sm';
const groupLabel = 'px-4 pt-2 pb-1 text-xs font-semibold tracking-wide text-muted uppercase';

export function ChatNotificationsMenu({
  chatId,
  title,
  onCustomize,
  onExport,
}: {
  chatId: string;
  title: string;
  onCustomize?: () => void;
  onExport?: () => void;
}) {
  const t = useT();
  const store = useChatStore();
  const loaded = useNotificationSettings().settings !== null;
  const setting = useChatNotifications(chatId) ?? chatSetting(null, chatId);
  const now = useNow().getTime();
  const { open, setOpen, buttonRef, menuRef, menuId, close, onMenuKey } = useMenuButton((list) =>
    list.find((el) => el.getAttribute('aria-checked') === 'true'),
  );
  const levelLabelId = useId();
  const muteLabelId = useId();
  const quiet = isQuiet(setting, now);
  const muted = isMuted(setting, now);
  const state = settingText(setting, now);
  const dnd = useDnd();

  function pick(run: () => void) {
    run();
    close();
  }

  if (!loaded) return null;
  const label = state ? t('chat.notificationsState', { state }) : t('chat.notifications');
  return (
    <>
    {dnd && <DndIndicator until={dnd.until} timeZone={dnd.timeZone} now={dnd.now} compact />}
    <div className="relative shrink-0">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
        className={`inline-flex size-11 items-center justify-center rounded-full hover:bg-hover hover:text-fg md:size-9 ${quiet ? 'text-accent' : 'text-muted'}`}
        data-testid="chat-notifications-button"
      >
        {quiet ? <BellOffIcon /> : <BellIcon />}
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={t('chat.notificationsFor', { title })}
          onKeyDown={onMenuKey}
          className="absolute top-full end-0 z-40 mt-1 w-60 max-w-[calc(100vw-1rem)] overflow-hidden rounded-xl border border-line bg-panel py-1 text-fg shadow-lg"
          data-testid="chat-notifications-menu"
        >
          <div role="group" aria-labelledby={levelLabelId}>
            <p id={levelLabelId} className={groupLabel}>
              {t('chat.notifyAbout')}
            </p>
            {LEVELS.map((l) => (
              <button
                key={l.value}
                type="button"
                role="menuitemradio"
                aria-checked={setting.level === l.value}
                tabIndex={-1}
                className={itemClass}
                onClick={() => pick(() => store.notifications.setChatLevel(chatId, l.value))}
              >
                <span className="inline-flex w-[18px] shrink-0 justify-center text-accent">
                  {setting.level === l.value && <CheckIcon size={18} />}
                </span>
                {l.label}
              </button>
            ))}
          </div>
          <div role="separator" className="my-1 border-t border-line" />
          <div role="group" aria-labelledby={muteLabelId}>
            <p id={muteLabelId} className={groupLabel}>
              {t('chat.mute')}
            </p>
            {muted && (
              <p className="px-4 pb-1 text-sm text-muted" data-testid="chat-muted-until">
                {state}
              </p>
            )}
            {MUTES.map((m) => (
              <button
                key={m.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={`${itemClass} ps-[calc(1rem+18px+0.75rem)]`}
                onClick={() => pick(() => store.notifications.muteChat(chatId, m.ms))}
              >
                {m.label}
              </button>
            ))}
            {muted && (
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={itemClass}
                onClick={() => pick(() => store.notifications.unmuteChat(chatId))}
              >
                <BellIcon size={18} className="text-muted" />
                {t('chat.unmute')}
              </button>
            )}
          </div>
          {(onCustomize || onExport) && <div role="separator" className="my-1 border-t border-line" />}
          {onCustomize && (
            <button type="button" role="menuitem" tabIndex={-1} className={itemClass} onClick={() => pick(onCustomize)} data-testid="chat-customize">
              <PaletteIcon size={18} className="text-muted" />
              {t('settings.chat.menuItem')}
            </button>
          )}
          {onExport && (
            <button type="button" role="menuitem" tabIndex={-1} className={itemClass} onClick={() => pick(onExport)} data-testid="chat-export">
              <DownloadIcon size={18} className="text-muted" />
              {t('exports.menuItem')}
            </button>
          )}
        </div>
      )}
    </div>
    </>
  );
}
