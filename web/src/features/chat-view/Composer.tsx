// The message box: Enter sends, Shift+Enter adds a line, it grows up to a few lines, and the
// draft of each chat is kept in the store (the chat list shows it, a reload keeps it). Sending
// never waits for the network: the store queues the message and sends it as soon as it can.
// Editing a message ("Edit" in its menu, or the Up key in the empty box for the user's last
// one) turns it into the edit box: "Editing message" with the original above, the text in the
// box, Enter saves (shown at once), Esc or the close button cancels, and the draft comes back.
// Answering a message ("Reply", "Quote selected text" in its menu) shows a preview above the box:
// who and what is answered, a close button; Esc cancels. A thread's composer (threadRootId)
// sends into the thread, and to the chat too when "Also send to chat" is ticked. The emoji
// button (the reactions feature's picker) inserts emoji at the caret; those still in the text
// when it is sent are counted as the user's (their most used come first in the pickers).
// While the person writes, the chat's members see that they type (store.typing). "@" at a
// word's start suggests the chat's people (useMentionPicker.ts, MentionList.tsx); what is sent
// or saved carries the people mentioned. "/" at a word's start (or Ctrl/Cmd+/) lists the
// templates the chat offers (useTemplatePicker.ts, TemplateList.tsx); the one chosen is put in
// the box, its variables filled in. While the chat's newest message is someone else's and the
// box is empty, quick replies show above it (QuickReplies.tsx): a tap sends one at once.
// Files (the files feature's slots, file-slots.ts): the paperclip, files pasted or dropped on
// the chat join the tray above the box, whose text becomes their caption; Send sends them all
// (store.files.send). While the box is empty, the microphone takes the send button's place.
// The clock beside Send (and a long press on Send, on touch screens) opens the schedule dialog
// (the scheduled feature's, schedule-slots.ts) with the box's text and the tray's files, which
// leave the box once it is scheduled (the uploads kept: the schedule carries them); not in a
// thread's box or while editing. With files in the tray, only once every one has finished
// uploading: meanwhile (or when one failed) the clock is disabled and says why.
// It reads the connection and the outbox's size, never a chat's messages, and is memoised, so
// neither an incoming message nor the chat view rendering again for one renders it.
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';

import { useAnyUploadFailed, useChatStore, useConnection, useEnterToSend, useQueuedCount, useStaged, useUploadsFinished } from '../../app/store-context';
import { keptEmoji } from '../../client/reactions';
import type { ChatStore } from '../../client/store';
import { CheckIcon, PencilIcon, ReplyIcon, ScheduleIcon, SendIcon } from '../../shared/icons';
import { useLongPress } from '../../shared/useLongPress';
import { matchesShortcut } from '../../shared/shortcuts';
import { tx, useT } from '../../i18n';
import { ComposerBanner } from './ComposerBanner';
import { SlowModeNote, useBefore } from './SlowMode';
import { useFileSlots } from './file-slots';
import { MentionList } from './MentionList';
import { QuickReplies } from './QuickReplies';
import { TemplateList } from './TemplateList';
import { useReactionSlots } from './reaction-slots';
import { useScheduleSlots, type ScheduleFile } from './schedule-slots';
import { useMentionPicker } from './useMentionPicker';
import { useTemplatePicker } from './useTemplatePicker';
import type { Template } from '../../client/templates-wire';

const MAX_CHARS = 10000;

function savedDraft(store: ChatStore, chatId: string): string {
  return store.slices.drafts.entry(chatId) ?? '';
}

/** The message being answered: who wrote it and what the preview shows (the quote, or the start of its text). */
export interface Replying {
  id: string;
  senderName: string;
  excerpt: string;
  /** The fragment selected in it, sent as the reply's quote. */
  quote?: string;
}

/** The message being edited: its id and its text when editing began. */
export interface Editing {
  id: string;
  content: string;
  /** It has files: the text is their caption, which may be emptied. */
  files?: boolean;
}

interface Props {
  chatId: string;
  autoFocus: boolean;
  waitUntil?: number;
  /** A message being edited, or null. */
  editing?: Editing | null;
  /** Editing ends (saved or cancelled). */
  onEditEnd?: () => void;
  /** The Up key in the empty box: edit the user's last editable message; false when there is none. */
  onEditLast?: () => boolean;
  /** A message being answered (the preview above the box), or null. */
  replying?: Replying | null;
  /** The reply was sent or cancelled. */
  onReplyEnd?: () => void;
  /** A thread's composer: replies go into this root's thread ("Also send to chat" offered). */
  threadRootId?: string;
  /** Where the draft is kept (default: the chat's own). */
  draftKey?: string;
}

function ComposerView({
  chatId,
  autoFocus,
  waitUntil = 0,
  editing = null,
  onEditEnd,
  onEditLast,
  replying = null,
  onReplyEnd,
  threadRootId,
  draftKey = chatId,
}: Props) {
  const t = useT();
  const store = useChatStore();
  const waiting = useBefore(waitUntil);
  const connection = useConnection();
  const queued = useQueuedCount();
  // The draft is read once per chat, not subscribed to: typing must not render from the store.
  const [text, setText] = useState(() => savedDraft(store, draftKey));
  const [alsoToChat, setAlsoToChat] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const EmojiButton = useReactionSlots()?.slots.EmojiButton;
  /** Emoji inserted with the picker since the last send, in order. */
  const picked = useRef<string[]>([]);
  /** Where the caret goes once the text with an inserted emoji is rendered. */
  const caretAfter = useRef<number | null>(null);
  const editingId = editing?.id ?? null;
  const hintId = threadRootId ? 'thread-composer-hint' : 'composer-hint';
  // The person's choice (settings): Enter sends, or Enter adds a line and Ctrl/Cmd+Enter sends.
  const enterToSend = useEnterToSend();
  const fileSlots = useFileSlots();
  // Files go with the chat's own box, not a thread's, and not while editing.
  const withFiles = fileSlots !== null && !threadRootId && editingId === null;
  const staged = useStaged(chatId);
  const filesFailed = useAnyUploadFailed(staged);
  const files = withFiles ? staged.length : 0;
  const filesFinished = useUploadsFinished(withFiles ? staged : []);
  const scheduleSlots = useScheduleSlots();
  // Scheduling takes the chat's own box's text and files: not a thread's, not an edit.
  const canSchedule = scheduleSlots !== null && store.scheduled.available() && !threadRootId && editingId === null;
  // The files go by their ids: every one must have finished uploading first.
  const scheduleReady = files === 0 || filesFinished;
  /** What the schedule dialog opened with (the text; the tray's files and their uploads); null while it is closed. */
  const [scheduling, setScheduling] = useState<{ text: string; files: ScheduleFile[]; uploads: string[] } | null>(null);
  const textRef = useRef(text);
  textRef.current = text;
  const openSchedule = useCallback(() => {
    const tray = withFiles ? store.files.finishedStaged(chatId) : null;
    // Files in the tray not all uploaded yet (or one failed): nothing to schedule with them.
    if (withFiles && tray === null && (store.files.staged.entry(chatId)?.length ?? 0) > 0) return;
    setScheduling({
      text: textRef.current,
      files: (tray ?? []).map((f) => ({ id: f.fileId, name: f.name })),
      uploads: (tray ?? []).map((f) => f.uploadId),
    });
  }, [store, chatId, withFiles]);
  // A long press on Send, on touch screens (the click that ends it is swallowed: nothing is sent).
  const longPress = useLongPress(openSchedule, canSchedule && scheduleReady && (text.trim() !== '' || files > 0));

  useEffect(() => {
    setText(savedDraft(store, draftKey));
    picked.current = [];
    if (autoFocus) ref.current?.focus();
  }, [store, draftKey, autoFocus]);

  // Choosing "Reply" puts the caret in the box.
  const replyingId = replying?.id ?? null;
  useEffect(() => {
    if (replyingId !== null) ref.current?.focus();
  }, [replyingId]);

  // Editing begins: the message's text in the box, the caret at its end; it ends: the draft back.
  const editingText = editing?.content ?? '';
  useLayoutEffect(() => {
    const el = ref.current;
    if (editingId === null) {
      setText(savedDraft(store, draftKey));
      return;
    }
    setText(editingText);
    if (el) {
      el.focus();
      el.value = editingText;
      el.setSelectionRange(editingText.length, editingText.length);
    }
  }, [store, draftKey, editingId, editingText]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 168)}px`;
    const caret = caretAfter.current;
    if (caret !== null) {
      caretAfter.current = null;
      el.setSelectionRange(caret, caret);
    }
  }, [text]);

  // The chat hears that the person types (at most every few seconds) until the text is sent,
  // emptied, or they leave the chat.
  useEffect(() => () => store.typing.stop(chatId), [store, chatId]);

  const update = (v: string) => {
    setText(v);
    // While editing, the box holds the message's text, not the draft.
    if (editingId === null) {
      store.setDraft(draftKey, v.trim() === '' ? '' : v);
      store.typing.typed(chatId, v);
    }
  };

  /** New text in the box (a pick of a list, a quick reply to change), the caret at `caret`. */
  const replaceText = (next: string, caret: number) => {
    caretAfter.current = caret;
    update(next);
  };
  const mentions = useMentionPicker(chatId, ref, replaceText);
  const templates = useTemplatePicker(chatId, ref, replaceText, { replyToId: replyingId, wholeChat: !threadRootId });
  const resetMentions = mentions.reset;

  // Editing begins: the message's mentions count as picked, so saving keeps them.
  useLayoutEffect(() => {
    if (editingId !== null) resetMentions(store.findMessage(chatId, editingId)?.mentions);
  }, [store, chatId, editingId, resetMentions]);

  /** An emoji from the picker, at the caret (in place of what is selected). */
  const insertEmoji = (emoji: string) => {
    const el = ref.current;
    const value = el?.value ?? text;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    picked.current.push(emoji);
    caretAfter.current = start + emoji.length;
    update(value.slice(0, start) + emoji + value.slice(end));
  };

  /** The emoji picked that went out with the text: counted for the user's most used. */
  const reportPicked = (sent: string) => {
    const used = keptEmoji(picked.current, sent);
    picked.current = [];
    store.reactions.reportUsed(used);
  };

  const tooLong = text.length > MAX_CHARS;
  const hasContent = text.trim() !== '' || (files > 0 && !filesFailed) || editing?.files === true;
  const canSend = hasContent && !tooLong && (editingId !== null || !waiting);
  const showMic = withFiles && files === 0 && text.trim() === '' && fileSlots.canRecord();

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    reportPicked(text);
    if (editingId !== null) {
      // Shown at once; a refusal puts the text back and says why (store.lifecycle).
      void store.lifecycle.edit(chatId, editingId, text, mentions.mentionsOf(text));
      mentions.reset();
      onEditEnd?.();
    } else {
      deliver(text);
    }
    ref.current?.focus();
  };

  /** Sends `content` as the box would (what it answers, the thread, the people mentioned; with files, their caption); the box empties. */
  const deliver = (content: string) => {
    const links = {
      ...(replying ? { replyToId: replying.id, ...(replying.quote ? { quote: replying.quote } : {}) } : {}),
      ...(threadRootId ? { threadRootId, alsoToChat } : {}),
      ...mentions.mentionsOf(content),
    };
    mentions.reset();
    if (!(files > 0 && store.files.send(chatId, content, links))) store.send(chatId, content, links);
    update('');
    if (replying) onReplyEnd?.();
  };

  /** A quick reply: sent at once, or (`edit`) put in the box to change first. Either counts a use. */
  const takeQuickReply = (tpl: Template, edit: boolean) => {
    const expanded = store.templates.expand(tpl, chatId, replyingId);
    if (edit) replaceText(expanded, expanded.length);
    else if (!waiting) deliver(expanded);
    else return;
    store.templates.recordUse(tpl.id, chatId);
    ref.current?.focus();
  };

  /** Pictures (or any files) pasted join the tray; text pastes as usual. */
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (!withFiles) return;
    const pasted = [...e.clipboardData.files];
    if (pasted.length === 0) return;
    e.preventDefault();
    void store.files.stage(chatId, pasted);
  };

  /** The text or the caret moved: the "@" and "/" lists follow. */
  const follow = (value: string, caret: number) => {
    mentions.follow(value, caret);
    templates.follow(value, caret);
  };

  // The box's keys, as the shortcuts' table has them (send as the person chose; what is not
  // sending, such as Shift+Enter, adds a line as a text area does).
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onKeyDown(e) || templates.onKeyDown(e)) return;
    const key = e.nativeEvent;
    if (matchesShortcut(key, 'send', undefined, { enterToSend })) {
      e.preventDefault();
      send();
    } else if (matchesShortcut(key, 'cancel') && (editingId !== null || replying)) {
      e.preventDefault();
      e.stopPropagation();
      if (editingId !== null) onEditEnd?.();
      else onReplyEnd?.();
    } else if (matchesShortcut(key, 'editLast') && editingId === null && text === '' && onEditLast?.()) {
      e.preventDefault();
    }
  };

  return (
    <>
    <form onSubmit={send} className="border-t border-line bg-panel px-3 pt-2.5 pb-[max(0.625rem,env(safe-area-inset-bottom))] md:px-5">
      {connection !== 'connected' && (
        <p className="mb-2 text-xs text-muted" role="note" data-testid="offline-note">
          {t('chat.offline')}{' '}
          {queued > 0
            ? t('chat.offline.queued', { count: queued })
            : t('chat.offline.none')}
        </p>
      )}
      {waiting && editingId === null && <SlowModeNote until={waitUntil} />}
      {editing && (
        <ComposerBanner
          icon={<PencilIcon size={18} className="shrink-0 text-accent" />}
          heading={t('chat.editing')}
          text={editing.content}
          closeLabel={t('chat.cancelEditing')}
          closeTitle={t('chat.cancelEditingShortcut')}
          onClose={() => onEditEnd?.()}
          testId="editing-banner"
          textTestId="editing-original"
        />
      )}
      {replying && !editing && (
        <ComposerBanner
          icon={<ReplyIcon size={18} className="shrink-0 text-accent" />}
          heading={tx(replying.quote ? 'chat.quoting' : 'chat.replyingTo', { name: <bdi>{replying.senderName}</bdi> })}
          text={replying.quote ? t('chat.quoted', { text: replying.quote }) : replying.excerpt}
          italic={Boolean(replying.quote)}
          closeLabel={t('chat.cancelReply')}
          closeTitle={t('chat.cancelReplyShortcut')}
          onClose={() => {
            onReplyEnd?.();
            ref.current?.focus();
          }}
          testId="reply-preview"
          textTestId="reply-preview-text"
          label={t('chat.replyingTo', { name: replying.senderName })}
        />
      )}
      {tooLong && (
        <p className="mb-2 text-xs text-danger" role="alert">
          {t('chat.tooLong', { max: MAX_CHARS, length: text.length })}
        </p>
      )}
      {withFiles && <fileSlots.ComposerTray chatId={chatId} />}
      {files > 0 && filesFailed && (
        <p className="mb-2 text-xs text-danger" role="note">
          {t('chat.filesFailed')}
        </p>
      )}
      {store.templates.available() && !threadRootId && editingId === null && files === 0 && text.trim() === '' && (
        <QuickReplies chatId={chatId} disabled={waiting} onSend={(tpl) => takeQuickReply(tpl, false)} onEdit={(tpl) => takeQuickReply(tpl, true)} />
      )}
      <div className="relative flex items-end gap-2">
        {templates.open && (
          <TemplateList
            id={templates.listId}
            options={templates.open.options}
            active={templates.open.active}
            vars={templates.open.vars}
            optionId={templates.optionId}
            onPick={templates.pick}
            onActive={templates.setActive}
          />
        )}
        {mentions.open && (
          <MentionList
            id={mentions.listId}
            options={mentions.open.options}
            active={mentions.open.active}
            optionId={mentions.optionId}
            onPick={mentions.pick}
            onActive={mentions.setActive}
          />
        )}
        <textarea
          ref={ref}
          value={text}
          rows={1}
          {...(templates.open ? templates.comboboxProps : mentions.comboboxProps)}
          onChange={(e) => {
            update(e.target.value);
            follow(e.target.value, e.target.selectionStart ?? e.target.value.length);
          }}
          onSelect={(e) => follow(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length)}
          onBlur={() => {
            mentions.close();
            templates.close();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          placeholder={editing ? t('chat.placeholder.edit') : threadRootId ? t('chat.placeholder.thread') : files > 0 ? t('chat.placeholder.caption') : t('chat.placeholder.message')}
          aria-label={threadRootId ? t('chat.threadReply') : t('chat.message')}
          dir="auto"
          aria-describedby={enterToSend ? hintId : `${hintId}-ctrl`}
          className="scrollbar-thin max-h-42 min-h-11 flex-1 resize-none rounded-2xl border border-line bg-panel-2 px-4 py-2.5 text-[15px] leading-snug outline-none transition placeholder:text-muted focus:border-accent focus:bg-panel focus:ring-3 focus:ring-accent/15"
        />
        {/* After the box: from the messages, Tab still reaches the box in one step. */}
        {withFiles && <fileSlots.AttachButton chatId={chatId} onAdded={() => ref.current?.focus()} />}
        {EmojiButton && <EmojiButton chatId={chatId} onPick={insertEmoji} onClose={() => ref.current?.focus()} />}
        {canSchedule && (
          // Not `disabled` while files upload: it stays focusable, and its title says why.
          <button
            type="button"
            onClick={scheduleReady ? openSchedule : undefined}
            aria-label={t('scheduled.button')}
            title={scheduleReady ? t('scheduled.buttonHint') : t('scheduled.filesUploading')}
            aria-disabled={scheduleReady ? undefined : true}
            aria-haspopup="dialog"
            className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-muted transition hover:bg-hover hover:text-fg aria-disabled:cursor-not-allowed aria-disabled:opacity-50 aria-disabled:hover:bg-transparent aria-disabled:hover:text-muted"
            data-testid="schedule-button"
          >
            <ScheduleIcon size={22} />
          </button>
        )}
        {showMic ? (
          <fileSlots.VoiceRecorder chatId={chatId} onDone={() => ref.current?.focus()} />
        ) : (
          <button
            type="submit"
            disabled={!canSend}
            aria-label={editing ? t('chat.saveEdit') : files > 0 ? t('chat.sendFiles', { count: files }) : t('chat.send')}
            {...longPress}
            onContextMenu={canSchedule ? (e) => e.preventDefault() : undefined}
            className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-accent text-on-accent transition select-none [-webkit-touch-callout:none] hover:bg-accent-strong disabled:bg-line disabled:text-muted"
          >
            {editing ? <CheckIcon size={20} /> : <SendIcon size={20} />}
          </button>
        )}
      </div>
      {threadRootId && !editing && (
        <label className="mt-1.5 inline-flex min-h-9 cursor-pointer items-center gap-2 text-sm text-muted max-md:min-h-11">
          <input
            type="checkbox"
            checked={alsoToChat}
            onChange={(e) => setAlsoToChat(e.target.checked)}
            className="size-4 accent-(--p-accent)"
            data-testid="also-to-chat"
          />
          {t('chat.alsoToChat')}
        </label>
      )}
      {!enterToSend && (
        <p id={`${hintId}-ctrl`} className="sr-only">
          {t('settings.composer.ctrlEnterHint')}
        </p>
      )}
      <p id={hintId} className="sr-only">
        {editing
          ? t('chat.hint.edit')
          : replying
            ? t('chat.hint.reply')
            : t('chat.hint.message')}
      </p>
    </form>
    {/* Outside the form: the dialog's own form must not submit this one. */}
    {scheduling !== null && scheduleSlots && (
      <scheduleSlots.ScheduleDialog
        chatId={chatId}
        text={scheduling.text}
        files={scheduling.files}
        onClose={() => setScheduling(null)}
        onScheduled={() => {
          // The files went with it, as a send takes them (their uploads are the schedule's now).
          if (scheduling.uploads.length > 0) store.files.handOver(chatId, scheduling.uploads);
          update('');
          mentions.reset();
          picked.current = [];
          requestAnimationFrame(() => ref.current?.focus());
        }}
      />
    )}
    </>
  );
}

export const Composer = memo(ComposerView);
