// The top of the UI: the pages of the links Parley emails (verifying an address, stopping
// digests) for anyone, signed in or not; the auth pages for anonymous users, otherwise the
// sidebar (or the message search in its place) and the open chat (or the moderation page), and
// the chat switcher (Ctrl/Cmd+K) and the keyboard shortcuts' help (`?`, shortcuts.ts) over them,
// or the settings page in the chat's place. The
// person's theme, font size and language apply to every page, the chat's background to the chat
// on screen. The address bar decides which chat is open; the store follows it. Features do not
// import each other: this is where one feature's view is handed to another's.
import { useCallback, useEffect, useRef, useState } from 'react';

import { AccountMenu } from '../features/account/AccountMenu';
import { AuthPage } from '../features/auth/AuthPage';
import { ChatView } from '../features/chat-view/ChatView';
import { UnsubscribePage } from '../features/email/UnsubscribePage';
import { VerifyEmailPage } from '../features/email/VerifyEmailPage';
import { CHAT_LIST_ID } from '../features/chats/ChatList';
import { Sidebar } from '../features/chats/Sidebar';
import { ConnectionIndicator } from '../features/connection/ConnectionIndicator';
import { ForwardDialog } from '../features/forward/ForwardDialog';
import { GroupInfo as GroupInfoPanel } from '../features/groups/GroupInfo';
import { JoinGroupPage } from '../features/groups/JoinGroupPage';
import { MessageInfo } from '../features/groups/MessageInfo';
import { ModerationPage } from '../features/moderation/ModerationPage';
import { NotificationsDialog } from '../features/account/NotificationsDialog';
import { PrivacyDialog } from '../features/account/PrivacyDialog';
import { ChatCustomizeDialog } from '../features/settings/ChatCustomizeDialog';
import { SettingsPage } from '../features/settings/SettingsPage';
import { NewGroupDialog } from '../features/groups/NewGroupDialog';
import { PinnedBar } from '../features/pinned/PinnedBar';
import { SearchPanel } from '../features/search/SearchPanel';
import { ChatSwitcher } from '../features/switcher/ChatSwitcher';
import { ShortcutsDialog } from '../features/shortcuts/ShortcutsDialog';
import { reactionSlots } from '../features/reactions';
import { fileSlots } from '../features/files';
import { scheduleSlots } from '../features/scheduled';
import { CannedResponses, TemplatesSection } from '../features/templates';
import { ExportSection } from '../features/exports';
import { ThreadsList } from '../features/threads/ThreadsList';
import { UserDirectory } from '../features/users/UserDirectory';
import { ChatBubblesIcon } from '../shared/icons';
import { highlightOf, type SearchHighlight } from '../client/search';
import type { SearchResult } from '../client/search-wire';
import { afterSignIn, navigate, rememberInvite, useRoute } from './router';
import { useChatStore, useSession } from './store-context';
import { useChatBackdrop } from './chat-backdrop';
import { useDesktopNotifications } from './desktop-notifications';
import { useAppearance } from './theme';
import { useFaviconBadge } from './favicon-badge';
import { useUnreadTitle } from './title';
import { useAppShortcuts } from './shortcuts';
import { Toast } from './Toast';
import { useT } from '../i18n';

/** The signed-in app's title keeper (a component, so that the count renders nothing else). */
function UnreadTitle() {
  useUnreadTitle();
  useFaviconBadge();
  useDesktopNotifications();
  return null;
}

/** Paints the chat on screen's background (a component, so that its changes render nothing else). */
function ChatBackdrop({ chatId }: { chatId: string | null }) {
  useChatBackdrop(chatId);
  return null;
}

function EmptyChat() {
  const t = useT();
  return (
    <div className="hidden flex-1 flex-col items-center justify-center gap-3 bg-chat p-8 text-center md:flex">
      <span className="inline-flex size-16 items-center justify-center rounded-3xl bg-accent-soft text-accent">
        <ChatBubblesIcon size={32} />
      </span>
      <p className="text-lg font-medium">{t('app.pickChat')}</p>
      <p className="max-w-xs text-sm text-muted">{t('app.pickChatHint')}</p>
    </div>
  );
}

/** The message search as open: its scope, bumped when asked for again, hidden on a phone after a jump. */
interface OpenSearch {
  scope: string | null;
  opened: number;
  hidden: boolean;
}

const PHONE = '(max-width: 767px)';

const noop = () => {};
/** The account's notification and privacy settings, as sections of the settings page. */
const NotificationsSettings = () => <NotificationsDialog embedded onClose={noop} />;
const PrivacySettings = () => <PrivacyDialog embedded onClose={noop} />;
/** A group's info panel with its canned responses (the templates feature's). */
const GroupInfo = (props: { chatId: string; onClose: () => void; onReport?: () => void }) => (
  <GroupInfoPanel {...props} CannedResponses={CannedResponses} />
);

export function App() {
  const store = useChatStore();
  const status = useSession((s) => s.status);
  const route = useRoute();
  const chatId = route.name === 'chat' ? route.chatId : null;
  const threadId = route.name === 'chat' ? (route.thread ?? null) : null;
  const joinToken = route.name === 'join' ? route.token : null;
  const moderation = route.name === 'moderation' ? { chatId: route.chatId ?? null } : null;
  const settingsSection = route.name === 'settings' ? route.section : null;
  const settingsChatId = route.name === 'settings' ? route.chatId : undefined;
  useAppearance();
  const emailLink = route.name === 'verify-email' || route.name === 'unsubscribe';

  // The message search, in place of the chat list (the whole screen on phones), and the result
  // last jumped to, marked in its chat until the search changes or closes.
  const [search, setSearch] = useState<OpenSearch | null>(null);
  const [highlight, setHighlight] = useState<SearchHighlight | null>(null);
  const chatIdRef = useRef(chatId);
  chatIdRef.current = chatId;
  const jumps = useRef(0);
  /** Ctrl/Cmd+F (this chat) and Ctrl/Cmd+Shift+F (every chat): the search, scoped as asked (shortcuts.ts). */
  const searchIn = useCallback((scope: string | null) => {
    setSearch((s) => ({ scope, opened: (s?.opened ?? 0) + 1, hidden: false }));
  }, []);
  /** A search button: the search hidden after a jump comes back as it was; else a new one. */
  const openSearch = useCallback(
    (scope: string | null) => setSearch((s) => (s?.hidden ? { ...s, hidden: false } : { scope, opened: (s?.opened ?? 0) + 1, hidden: false })),
    [],
  );
  const closeSearch = useCallback(() => {
    setSearch(null);
    setHighlight(null);
  }, []);
  const searchChanged = useCallback(() => setHighlight(null), []);
  const jumpToResult = useCallback((r: SearchResult) => {
    setHighlight(highlightOf(r, ++jumps.current));
    navigate({ name: 'chat', chatId: r.message.chatId });
    if (window.matchMedia?.(PHONE).matches) setSearch((s) => s && { ...s, hidden: true });
  }, []);
  const searchThisChat = useCallback(() => openSearch(chatIdRef.current), [openSearch]);
  const searchAllChats = useCallback(() => openSearch(null), [openSearch]);

  // The chat switcher: Ctrl/Cmd+K from anywhere, or the button above the chat list.
  const [switcher, setSwitcher] = useState(false);
  const openSwitcher = useCallback(() => setSwitcher(true), []);
  const closeSwitcher = useCallback(() => setSwitcher(false), []);

  // The keyboard shortcuts' help: `?` when not typing, or the account menu.
  const [help, setHelp] = useState(false);
  const openHelp = useCallback(() => setHelp(true), []);
  const closeHelp = useCallback(() => setHelp(false), []);

  useAppShortcuts(store, status === 'authenticated', chatId, { help: openHelp, switcher: openSwitcher, search: searchIn });

  // Signed out: no search, switcher or help left open for the next user.
  useEffect(() => {
    if (status !== 'anonymous') return;
    closeSearch();
    closeSwitcher();
    closeHelp();
  }, [status, closeSearch, closeSwitcher, closeHelp]);

  // A page closed under the focus (Esc on the settings or moderation page): focus goes to the
  // chat list, not the document.
  const lastPage = useRef(route.name);
  useEffect(() => {
    const left = lastPage.current;
    lastPage.current = route.name;
    if (left !== route.name && (left === 'settings' || left === 'moderation') && document.activeElement === document.body) {
      document.getElementById(CHAT_LIST_ID)?.focus();
    }
  }, [route.name]);
  const searchShown = search !== null && !search.hidden;

  // Signed out, every page is the sign-in page (but an emailed link's); an invite link followed
  // waits for it.
  useEffect(() => {
    if (status === 'anonymous' && route.name !== 'login' && route.name !== 'register' && !emailLink) {
      if (joinToken !== null) rememberInvite(joinToken);
      navigate({ name: 'login' }, true);
    } else if (status === 'authenticated' && (route.name === 'login' || route.name === 'register')) {
      afterSignIn();
    }
  }, [status, route.name, joinToken, emailLink]);

  useEffect(() => {
    if (status === 'authenticated') store.openChat(chatId);
  }, [store, status, chatId]);

  // Signing in replaces the form that had focus: focus goes to the chat list, not the page.
  const lastStatus = useRef(status);
  useEffect(() => {
    if (lastStatus.current === 'anonymous' && status === 'authenticated') document.getElementById(CHAT_LIST_ID)?.focus();
    lastStatus.current = status;
  }, [status]);

  if (route.name === 'verify-email' || route.name === 'unsubscribe') {
    return (
      <>
        {route.name === 'verify-email' ? <VerifyEmailPage key={route.token} token={route.token} /> : <UnsubscribePage key={route.token} token={route.token} />}
        <Toast />
      </>
    );
  }

  if (status === 'anonymous') {
    return (
      <>
        <AuthPage key={route.name} mode={route.name === 'register' ? 'register' : 'login'} />
        <Toast />
      </>
    );
  }

  return (
    <div className="flex h-dvh overflow-hidden bg-app md:p-3 lg:p-4">
      <h1 className="sr-only">Parley</h1>
      <div className="mx-auto flex min-h-0 w-full max-w-[1400px] overflow-hidden bg-panel md:rounded-2xl md:border md:border-line md:shadow-soft">
        <Sidebar
          activeChatId={chatId}
          covered={joinToken !== null || moderation !== null || settingsSection !== null}
          hidden={searchShown}
          onSearch={searchAllChats}
          onSwitch={openSwitcher}
          onShortcuts={openHelp}
          ConnectionIndicator={ConnectionIndicator}
          UserDirectory={UserDirectory}
          AccountMenu={AccountMenu}
          NewGroupDialog={NewGroupDialog}
          ThreadsList={ThreadsList}
          activeThreadId={threadId}
        />
        {search && (
          <SearchPanel
            scope={search.scope}
            opened={search.opened}
            hidden={search.hidden}
            onClose={closeSearch}
            onJump={jumpToResult}
            onChange={searchChanged}
          />
        )}
        <main className={`min-h-0 min-w-0 flex-1 flex-col ${(chatId || joinToken !== null || moderation || settingsSection) && !searchShown ? 'flex' : 'hidden md:flex'}`}>
          {joinToken !== null ? (
            <JoinGroupPage key={joinToken} token={joinToken} />
          ) : settingsSection ? (
            <SettingsPage
              section={settingsSection}
              chatId={settingsChatId}
              NotificationsSettings={NotificationsSettings}
              PrivacySettings={PrivacySettings}
              TemplatesSettings={TemplatesSection}
              DataSettings={ExportSection}
            />
          ) : moderation ? (
            <ModerationPage key={moderation.chatId ?? ''} chatId={moderation.chatId} />
          ) : chatId ? (
            <ChatView
              key={chatId}
              chatId={chatId}
              threadId={threadId}
              highlight={highlight}
              onSearch={searchThisChat}
              PinnedBar={PinnedBar}
              ForwardDialog={ForwardDialog}
              GroupInfo={GroupInfo}
              MessageInfo={MessageInfo}
              ChatCustomize={ChatCustomizeDialog}
              reactions={reactionSlots}
              files={fileSlots}
              schedule={scheduleSlots}
            />
          ) : (
            <EmptyChat />
          )}
        </main>
      </div>
      {switcher && <ChatSwitcher activeChatId={chatId} onClose={closeSwitcher} />}
      {help && <ShortcutsDialog onClose={closeHelp} />}
      <Toast />
      <UnreadTitle />
      <ChatBackdrop chatId={chatId} />
    </div>
  );
}
