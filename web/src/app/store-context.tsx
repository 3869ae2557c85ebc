// Hands the ChatStore to components, and lets each read the slices it renders with
// useSyncExternalStore: a component hears only of the slices (or, for messages and pins, the
// one chat's entry) it reads, and renders again only when what its selector returns changes. A
// selector must return a part of the slice (stable between changes), not a new object; derive
// with useMemo in the component.
import { t } from '../i18n';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';

import type { ChatMessagesState, ChatStore } from '../client/store';
import type { ChatListState, ChatsState, KeyedReadable, Readable, ToastState } from '../client/slices';
import type { ChatSummary } from '../client/selectors';
import type { AuthState } from '../client/state';
import type { FollowedState, ThreadState } from '../client/threads';
import type { PendingReactions } from '../client/reactions';
import type { PrivacyView } from '../client/privacy-actions';
import type { BlocksView } from '../client/block-actions';
import type { Acting, PagedView, QueueFilter, RoleView, StaffListView, SuspensionsView } from '../client/moderation-actions';
import type { HitFilter, MutesView, NoticesView, RulesView } from '../client/automod-actions';
import type { Hit, HitDecision } from '../client/automod-wire';
import type { NotificationsView } from '../client/notification-actions';
import type { ChatNotifications } from '../client/notifications-wire';
import type { PushView } from '../client/push-subscription';
import type { SettingsState } from '../client/settings-actions';
import type { ScheduledView } from '../client/scheduled-actions';
import type { ScheduledMessage } from '../client/scheduled-wire';
import type { TemplatesView } from '../client/template-actions';
import type { CannedSet, Template } from '../client/templates-wire';
import type { ExportsView } from '../client/exports-actions';
import type { ChatSettings, Preferences } from '../client/settings';
import type { PushDevicesView } from '../client/push-devices';
import type { EmojiLookup } from '../client/custom-emoji';
import { dndActiveUntil } from '../client/dnd';
import type { MentionPerson } from '../client/mentions';
import { SERVER_SET } from '../client/emoji-actions';
import { typingText } from '../client/typing';
import { finishedUpload, type UploadState } from '../client/file-actions';
import type { LinkEntry } from '../client/file-links';
import type {
  AuditEntry,
  ChatMessage,
  ConnectionState,
  EmojiSet,
  FrequentEmoji,
  ModerationReport,
  Report,
  User,
} from '../client/types';

const StoreContext = createContext<ChatStore | null>(null);

export function StoreProvider({ store, children }: { store: ChatStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useChatStore(): ChatStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useChatStore outside StoreProvider');
  return store;
}

/** Reads a slice (or a part of it). */
export function useSlice<S, T = S>(slice: Readable<S>, select?: (s: S) => T): T {
  return useSyncExternalStore(slice.subscribe, () => (select ? select(slice.get()) : (slice.get() as unknown as T)));
}

/** Reads one entry of a keyed slice; other entries' changes are not heard. */
export function useEntry<V>(slice: KeyedReadable<V>, key: string): V | undefined {
  const subscribe = useCallback((l: () => void) => slice.subscribeEntry(key, l), [slice, key]);
  return useSyncExternalStore(subscribe, () => slice.entry(key));
}

// One hook per slice, named for what it holds.

export function useSession<T>(select: (s: AuthState) => T): T {
  return useSlice(useChatStore().slices.session, select);
}

export function useConnection(): ConnectionState {
  return useSlice(useChatStore().slices.connection);
}

export function useChats<T>(select: (s: ChatsState) => T): T {
  return useSlice(useChatStore().slices.chats, select);
}

export function useUsers(): Readonly<Record<string, User>> {
  return useSlice(useChatStore().slices.users);
}

const NO_PEOPLE: readonly MentionPerson[] = [];
const MINUTE = 60 * 1000;

/**
 * The people of `ids` with their names (those whose names are not known left out), for a
 * message's mention chips: renders again only when one of those names changes, not for
 * presence or anyone else.
 */
export function useMentionedPeople(ids: readonly string[] | undefined): readonly MentionPerson[] {
  const key = useCallback(
    (users: Readonly<Record<string, User>>) => (ids ?? []).map((id) => `${id}\u0000${users[id]?.name ?? ''}`).join('\u0001'),
    [ids],
  );
  const joined = useSlice(useChatStore().slices.users, key);
  return useMemo(
    () =>
      joined === ''
        ? NO_PEOPLE
        : joined.split('\u0001').flatMap((entry) => {
            const [id = '', name = ''] = entry.split('\u0000');
            return name ? [{ id, name }] : [];
          }),
    [joined],
  );
}

/** One chat's messages; undefined until any are held. */
export function useChatMessages(chatId: string): ChatMessagesState | undefined {
  return useEntry(useChatStore().slices.messages, chatId);
}

export function usePinned(chatId: string): ChatMessage[] | undefined {
  return useEntry(useChatStore().slices.pins, chatId);
}

/** How many messages wait in the outbox. */
export function useQueuedCount(): number {
  return useSlice(useChatStore().slices.outbox, (items) => items.length);
}

export function useToast(): ToastState | null {
  return useSlice(useChatStore().slices.toast);
}

export function useChatList<T>(select: (s: ChatListState) => T): T {
  return useSlice(useChatStore().slices.chatList, select);
}

/** One chat's line in the chat list. */
export function useChatSummary(chatId: string): ChatSummary | undefined {
  return useChatList((s) => s.summaries[chatId]);
}

/**
 * The text written in a chat's message box and not sent yet (undefined: none). With `watch`
 * false it hears nothing (the open chat's line, whose draft is being typed, renders not per key).
 */
export function useDraft(chatId: string, watch = true): string | undefined {
  return useEntry(useChatStore().slices.drafts, watch ? chatId : '');
}

/** When the user wrote the messages that waited in the outbox, by clientMessageId. */
export function useWrittenTimes(): Readonly<Record<string, string>> {
  return useSlice(useChatStore().slices.writtenTimes);
}

/** Unread messages over every chat (the tab's title shows it). */
export function useTotalUnread(): number {
  return useChatList(totalUnread);
}

function totalUnread(s: ChatListState): number {
  let n = 0;
  for (const summary of Object.values(s.summaries)) n += summary.unread;
  return n;
}

/** One thread as held (its root and replies fetched); undefined until opened. */
export function useThread(rootId: string): ThreadState | undefined {
  return useEntry(useChatStore().slices.threads, rootId);
}

/** The threads the user follows (or a part of that list). */
export function useFollowed<T>(select: (s: FollowedState) => T): T {
  return useSlice(useChatStore().slices.followed, select);
}

/** Others' reactions on the user's messages in a chat that they have not looked at. */
export function useUnreadReactions(chatId: string): number {
  return useEntry(useChatStore().reactions.unread, chatId) ?? 0;
}

/** The user's reactions to a message on their way to the server (shown at once). */
export function usePendingReactions(messageId: string): PendingReactions | undefined {
  return useEntry(useChatStore().reactions.pending, messageId);
}

/** The user's most used emoji, most used first. */
export function useFrequentEmoji(): readonly FrequentEmoji[] {
  return useSlice(useChatStore().reactions.frequent);
}

/** The user's privacy settings as shown (null until loaded) and how saving a change went. */
export function usePrivacy(): PrivacyView {
  return useSlice(useChatStore().privacy.view);
}

/** The people the user blocked (null until loaded), and the blocks and unblocks on their way. */
export function useBlocks(): BlocksView {
  return useSlice(useChatStore().blocks.view);
}

/** The ids of the people the user blocked (empty until loaded); the same set until the list changes. */
export function useBlockedIds(): ReadonlySet<string> {
  return useSlice(useChatStore().blocks.view, (v) => v.ids);
}

/** Whether the user blocked `userId` (false while unknown). */
export function useIsBlocked(userId: string | undefined): boolean {
  return useSlice(useChatStore().blocks.view, (v) => userId !== undefined && v.ids.has(userId));
}

/** The user's server role (admin, moderator or null) and whether it was read. */
export function useModerationRole(): RoleView {
  return useSlice(useChatStore().moderation.role);
}

/** The user's own reports (null until loaded), paged. */
export function useMyReports(): PagedView<Report, null> {
  return useSlice(useChatStore().moderation.mine.view);
}

/** The moderation queue as filtered (null until loaded), paged. */
export function useModerationQueue(): PagedView<ModerationReport, QueueFilter> {
  return useSlice(useChatStore().moderation.queue.view);
}

/** The queue's reports with an action on its way. */
export function useReportActing(): Acting {
  return useSlice(useChatStore().moderation.acting);
}

/** The audit log (all, or a group's), paged. */
export function useAuditLog(): PagedView<AuditEntry, string | null> {
  return useSlice(useChatStore().moderation.audit.view);
}

/** The server's staff (null until loaded) and the role changes on their way. */
export function useStaff(): StaffListView {
  return useSlice(useChatStore().moderation.staff);
}

/** The accounts suspended now (null until loaded) and the suspensions being lifted. */
export function useSuspensions(): SuspensionsView {
  return useSlice(useChatStore().moderation.suspensions);
}

/** The auto-moderation rules of the scope last opened (null until loaded). */
export function useAutomodRules(): RulesView {
  return useSlice(useChatStore().automod.rules);
}

/** What the rules did, as filtered (null until loaded), paged. */
export function useAutomodHits(): PagedView<Hit, HitFilter> {
  return useSlice(useChatStore().automod.hits.view);
}

/** The hits with a decision on its way. */
export function useHitDeciding(): Readonly<Record<string, HitDecision>> {
  return useSlice(useChatStore().automod.deciding);
}

/** The mutes in force of the scope last opened (null until loaded). */
export function useMutes(): MutesView {
  return useSlice(useChatStore().automod.mutes);
}

/** What moderation told the user (null until loaded). */
export function useModerationNotices(): NoticesView {
  return useSlice(useChatStore().automod.notices);
}

/** The user's notification settings as shown (null until loaded) and how saving a change went. */
export function useNotificationSettings(): NotificationsView {
  return useSlice(useChatStore().notifications.view);
}

/**
 * The Do not disturb in force now: when it ends (DND_FOREVER: until turned off), the time zone
 * its times are in, and when this was looked at; null when none is. Looked at again when it ends, and each minute
 * (quiet hours may begin).
 */
export function useDnd(): { until: number; timeZone: string; now: number } | null {
  const settings = useSlice(useChatStore().notifications.view, (v) => v.settings);
  const [now, setNow] = useState(() => Date.now());
  const until = dndActiveUntil(settings, now);
  useEffect(() => {
    const wait = until === null ? MINUTE : Math.min(MINUTE, until - Date.now());
    const t = setTimeout(() => setNow(Date.now()), Math.max(1000, wait));
    return () => clearTimeout(t);
  }, [until, now]);
  return until === null || !settings ? null : { until, timeZone: settings.timeZone, now };
}

/** One chat's notification setting; undefined: the default (every message, not muted). */
export function useChatNotifications(chatId: string): ChatNotifications | undefined {
  return useEntry(useChatStore().notifications.chats, chatId);
}

/** Whether this browser takes push notifications, and why not. */
export function usePush(): PushView {
  return useSlice(useChatStore().push.view);
}

/** The user's devices that get push notifications (null until loaded), and which is this one. */
export function usePushDevices(): PushDevicesView {
  return useSlice(useChatStore().push.devices.view);
}

/** A custom emoji set as held: the server's (null) or a group's; undefined until loaded. */
export function useEmojiSet(chatId: string | null): EmojiSet | undefined {
  return useEntry(useChatStore().emoji.sets, chatId ?? SERVER_SET);
}

/**
 * The custom emoji a chat may use, by `:shortcode:` (the server's set, and the group's in a
 * group); null: outside any chat (the server's only). Renders again only when those sets change.
 */
export function useCustomEmoji(chatId: string | null): EmojiLookup {
  const store = useChatStore();
  const lookup = useCallback(() => store.emoji.lookup(chatId), [store, chatId]);
  return useSlice(store.emoji.sets, lookup);
}

const NOBODY: readonly string[] = [];

/**
 * What a chat shows while people type in it ("Alice is typing…", "Alice and Bob are typing…",
 * "3 people are typing…"), '' when nobody does. Reads that chat's typists and their names
 * only: another chat's typing or a presence change renders nothing.
 */
export function useTypingText(chatId: string): string {
  const store = useChatStore();
  const ids = useEntry(store.typing.typists, chatId) ?? NOBODY;
  const text = useCallback(
    (users: Readonly<Record<string, User>>) => typingText(ids.map((id) => users[id]?.name ?? t('common.someone'))),
    [ids],
  );
  return useSlice(store.slices.users, text);
}

// Files (store.files, client/file-actions.ts).

const NO_FILES: readonly string[] = [];

/** The uploads in a chat's message box (its tray), in order. */
export function useStaged(chatId: string): readonly string[] {
  return useEntry(useChatStore().files.staged, chatId) ?? NO_FILES;
}

/** Why files were not added to a chat's tray, in words; undefined: nothing to say. */
export function useTrayNotice(chatId: string): string | undefined {
  return useEntry(useChatStore().files.notices, chatId);
}

/** One upload as it goes; undefined once it is part of a sent message (or gone). */
export function useUpload(id: string): UploadState | undefined {
  return useEntry(useChatStore().files.uploads, id);
}

/** How far the uploads `ids` are together, 0 to 100 (what the server has of all their bytes). */
export function useUploadPercent(ids: readonly string[] | undefined): number {
  const store = useChatStore();
  const key = ids?.join(',') ?? '';
  const percent = useCallback(
    (all: Readonly<Record<string, UploadState>>) => {
      let sent = 0;
      let size = 0;
      for (const id of key ? key.split(',') : []) {
        const u = all[id];
        if (!u) continue;
        sent += u.status === 'done' ? u.size : u.sent;
        size += u.size;
      }
      return size > 0 ? Math.floor((sent / size) * 100) : 0;
    },
    [key],
  );
  return useSlice(store.files.uploads, percent);
}

/** Whether any of the uploads `ids` failed (the message cannot go with them). */
export function useAnyUploadFailed(ids: readonly string[]): boolean {
  const store = useChatStore();
  const key = ids.join(',');
  const failed = useCallback(
    (all: Readonly<Record<string, UploadState>>) => (key ? key.split(',') : []).some((id) => all[id]?.status === 'failed'),
    [key],
  );
  return useSlice(store.files.uploads, failed);
}

/** Whether every one of the uploads `ids` has finished (the server has the file: its id is known) and none failed; true for none. */
export function useUploadsFinished(ids: readonly string[]): boolean {
  const store = useChatStore();
  const key = ids.join(',');
  const finished = useCallback(
    (all: Readonly<Record<string, UploadState>>) => (key ? key.split(',') : []).every((id) => finishedUpload(all[id])),
    [key],
  );
  return useSlice(store.files.uploads, finished);
}

/** A file's signed link as held (or that the user may not read it); undefined until asked. */
export function useFileLink(fileId: string): LinkEntry | undefined {
  return useEntry(useChatStore().files.links.entries, fileId);
}

/** The person's settings as shown, with how saving goes (store.settings). */
export function useSettingsView(): SettingsState {
  return useSlice(useChatStore().settings.view);
}

/** The person's global settings in force, the defaults filled in. */
export function usePreferences(): Preferences {
  return useSlice(useChatStore().settings.preferences);
}

/** One chat's overrides (none: undefined); other chats' changes are not heard. */
export function useChatSettings(chatId: string): ChatSettings | undefined {
  return useEntry(useChatStore().settings.chats, chatId);
}

/** Whether Enter sends a message (else Ctrl/Cmd+Enter does); heard only when it changes. */
export function useEnterToSend(): boolean {
  return useSlice(useChatStore().settings.preferences, (p) => p.enterToSend);
}

const NO_SCHEDULED: readonly ScheduledMessage[] = [];

/** The user's pending scheduled messages in one chat, by next occurrence (empty: none); other chats' are not heard. */
export function useScheduled(chatId: string): readonly ScheduledMessage[] {
  return useEntry(useChatStore().scheduled.byChat, chatId) ?? NO_SCHEDULED;
}

/** The user's scheduled messages as loaded, with the actions on their way (store.scheduled). */
export function useScheduledView(): ScheduledView {
  return useSlice(useChatStore().scheduled.view);
}

/** The user's own templates as loaded (store.templates). */
export function useTemplatesView(): TemplatesView {
  return useSlice(useChatStore().templates.view);
}

/** A group's canned responses and whether the user may change them; undefined until read. */
export function useCanned(chatId: string): CannedSet | undefined {
  return useEntry(useChatStore().templates.canned, chatId);
}

const NO_TEMPLATES: readonly Template[] = [];

/** A chat's quick replies (empty: none, or not read yet); other chats' are not heard. */
export function useQuickReplies(chatId: string): readonly Template[] {
  return useEntry(useChatStore().templates.quick, chatId) ?? NO_TEMPLATES;
}

/** The person's data exports as read, with the actions on their way (store.exports). */
export function useExportsView(): ExportsView {
  return useSlice(useChatStore().exports.view);
}
