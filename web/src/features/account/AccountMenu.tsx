// The account menu at the top of the chat list: the settings page, the profile (name and email,
// the name editable), the privacy settings, this device's notifications, logging out, which asks first,
// the server's custom emoji for its admins, the moderation page for the server's
// administrators and moderators, and the keyboard shortcuts' help (the app's, as `?`: here for
// those who cannot type "?", and on touch screens with a keyboard attached). A menu button with a role="menu" popup: arrow
// keys move between the items, Esc and Tab close it, focus comes back to the button.
import { useState } from 'react';

import { navigate } from '../../app/router';
import { useEmojiSet, useModerationRole, useSession } from '../../app/store-context';
import { isStaff } from '../../client/moderation';
import { useMenuButton } from '../../shared/useMenuButton';
import { BellIcon, KeyboardIcon, LockIcon, LogoutIcon, MoreVerticalIcon, SettingsIcon, ShieldIcon, SmileIcon, UserIcon } from '../../shared/icons';
import { ariaKeyShortcuts } from '../../shared/shortcuts';
import { useT } from '../../i18n';
import { CustomEmojiDialog } from './CustomEmojiDialog';
import { LogoutDialog } from './LogoutDialog';
import { NotificationsDialog } from './NotificationsDialog';
import { PrivacyDialog } from './PrivacyDialog';
import { ProfileDialog } from './ProfileDialog';

type Open = 'profile' | 'privacy' | 'notifications' | 'logout' | 'emoji' | null;

export function AccountMenu({ onShortcuts }: { onShortcuts?: () => void }) {
  const t = useT();
  const me = useSession((s) => s.user);
  const emojiAdmin = useEmojiSet(null)?.canManage === true;
  const staff = isStaff(useModerationRole().role);
  const [dialog, setDialog] = useState<Open>(null);
  const {
    open: menuOpen,
    setOpen: setMenuOpen,
    buttonRef,
    menuRef,
    menuId,
    close,
    onMenuKey,
  } = useMenuButton();

  function choose(d: Open) {
    // Focus first goes back to the button, so the dialog returns it there when it closes.
    close();
    setDialog(d);
  }

  if (!me) return null;
  const itemClass =
    'flex w-full items-center gap-3 rounded-lg px-3 py-2.5 text-start text-sm font-medium outline-none hover:bg-hover focus-visible:bg-hover';
  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={t('account.menu')}
        title={t('account.menu')}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        aria-controls={menuOpen ? menuId : undefined}
        onClick={() => setMenuOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !menuOpen) {
            e.preventDefault();
            setMenuOpen(true);
          }
        }}
        className="inline-flex size-11 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg md:size-9"
      >
        <MoreVerticalIcon />
      </button>
      {menuOpen && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={t('account.menu')}
          onKeyDown={onMenuKey}
          className="absolute top-full end-0 z-40 mt-1 flex w-52 flex-col gap-0.5 rounded-xl border border-line bg-panel p-1.5 shadow-lg"
        >
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={itemClass}
            onClick={() => {
              close();
              navigate({ name: 'settings', section: 'appearance' });
            }}
          >
            <SettingsIcon size={18} />
            {t('settings.menuItem')}
          </button>
          <button type="button" role="menuitem" tabIndex={-1} className={itemClass} onClick={() => choose('profile')}>
            <UserIcon size={18} />
            {t('account.profile')}
          </button>
          <button type="button" role="menuitem" tabIndex={-1} className={itemClass} onClick={() => choose('privacy')}>
            <LockIcon size={18} />
            {t('account.privacy')}
          </button>
          <button type="button" role="menuitem" tabIndex={-1} className={itemClass} onClick={() => choose('notifications')}>
            <BellIcon size={18} />
            {t('account.notifications')}
          </button>
          {emojiAdmin && (
            <button type="button" role="menuitem" tabIndex={-1} className={itemClass} onClick={() => choose('emoji')}>
              <SmileIcon size={18} />
              {t('account.customEmoji')}
            </button>
          )}
          {staff && (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={itemClass}
              onClick={() => {
                close();
                navigate({ name: 'moderation' });
              }}
            >
              <ShieldIcon size={18} />
              {t('account.moderation')}
            </button>
          )}
          {onShortcuts && (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={itemClass}
              aria-keyshortcuts={ariaKeyShortcuts('help')}
              onClick={() => {
                // Focus first goes back to the button, so the dialog returns it there when it closes.
                close();
                onShortcuts();
              }}
            >
              <KeyboardIcon size={18} />
              {t('keys.menuItem')}
            </button>
          )}
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={`${itemClass} text-danger`}
            onClick={() => choose('logout')}
          >
            <LogoutIcon size={18} />
            {t('account.logout')}
          </button>
        </div>
      )}
      {dialog === 'profile' && <ProfileDialog onClose={() => setDialog(null)} />}
      {dialog === 'privacy' && <PrivacyDialog onClose={() => setDialog(null)} />}
      {dialog === 'notifications' && <NotificationsDialog onClose={() => setDialog(null)} />}
      {dialog === 'logout' && <LogoutDialog onClose={() => setDialog(null)} />}
      {dialog === 'emoji' && <CustomEmojiDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
