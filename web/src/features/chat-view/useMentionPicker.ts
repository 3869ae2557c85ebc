// The message box's "@" suggestions (the rules are client/mentions.ts): typing "@" at a word's
// start opens a list of the chat's people (a group's members, loaded the first time it opens;
// in a private chat the other person) filtered by what follows, with "@all" for a group's owner
// and admins. ArrowUp/ArrowDown move, Enter or Tab picks, Escape closes (until another "@"),
// a click or tap picks; a pick puts "@Name " in the text and is remembered, so the mentions sent
// are the picks still in the text and the names typed in full. The box is the list's combobox
// (role, aria-expanded, aria-controls, aria-activedescendant). It reads the store when the text
// changes, never subscribing: the box does not render again for others' changes.
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';

import { useChatStore } from '../../app/store-context';
import {
  chatPeople,
  extractMentions,
  insertMention,
  mayMentionAll,
  mentionQueryAt,
  suggestMentions,
  type MentionOption,
  type MentionPerson,
  type MentionQuery,
  type MessageMentions,
} from '../../client/mentions';
import type { ChatStore } from '../../client/store';
import { useSuggestionList, type ComboboxProps, type SuggestionOpen } from './useSuggestionList';

/** Pages of a group's members read for suggestions, at most (100 each). */
const MEMBER_PAGES = 10;

type Open = SuggestionOpen<MentionQuery, MentionOption>;

/** A group's members, a page at a time, as people to mention; [] when they cannot be read. */
async function loadMembers(store: ChatStore, chatId: string): Promise<MentionPerson[]> {
  const people: MentionPerson[] = [];
  let after: number | undefined;
  for (let i = 0; i < MEMBER_PAGES; i++) {
    const page = await store.groups.groupMembers(chatId, after);
    people.push(...page.members.map((m) => ({ id: m.id, name: m.name })));
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  return people;
}

export interface MentionPicker {
  open: Open | null;
  listId: string;
  optionId: (index: number) => string;
  /** What the box carries as the list's combobox. */
  comboboxProps: ComboboxProps;
  /** The text or the caret changed. */
  follow: (text: string, caret: number) => void;
  /** A key in the box: true when the list took it. */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  pick: (option: MentionOption) => void;
  setActive: (index: number) => void;
  close: () => void;
  /** The mentions `text` sends. */
  mentionsOf: (text: string) => MessageMentions;
  /** Forgets the picks (sent, or another chat), then remembers these (a message being edited). */
  reset: (ids?: readonly string[]) => void;
}

/**
 * `replace` puts new text in the box with the caret at `caret` (the composer's own update);
 * `box` is the text area.
 */
export function useMentionPicker(
  chatId: string,
  box: { current: HTMLTextAreaElement | null },
  replace: (text: string, caret: number) => void,
): MentionPicker {
  const store = useChatStore();
  const picked = useRef<MentionPerson[]>([]);
  const members = useRef(new Map<string, MentionPerson[] | 'loading'>());

  const people = useCallback((): MentionPerson[] => {
    const me = store.slices.session.me()?.id ?? '';
    const loaded = members.current.get(chatId);
    return chatPeople(store.slices.chats.chat(chatId), me, store.slices.users.get(), Array.isArray(loaded) ? loaded : []);
  }, [store, chatId]);

  const suggest = useCallback(
    (query: MentionQuery, active = 0): Open | null => {
      const options = suggestMentions(people(), query.query, { all: mayMentionAll(store.slices.chats.chat(chatId)) });
      return options.length > 0 ? { query, options, active: Math.min(active, options.length - 1) } : null;
    },
    [store, chatId, people],
  );
  const list = useSuggestionList<MentionQuery, MentionOption, Open>(suggest, { pickWithModifiers: true });
  const { follow: followQuery, refresh, reset: resetList } = list;

  /** A group's members, read once per chat; the list follows when they come. */
  const needMembers = useCallback(() => {
    const chat = store.slices.chats.chat(chatId);
    if (chat?.kind !== 'group' || members.current.has(chatId) || store.slices.chats.isLeft(chatId)) return;
    members.current.set(chatId, 'loading');
    loadMembers(store, chatId).then(
      (loaded) => {
        members.current.set(chatId, loaded);
        refresh();
      },
      () => members.current.delete(chatId),
    );
  }, [store, chatId, refresh]);

  const follow = useCallback(
    (text: string, caret: number) => {
      if (followQuery(mentionQueryAt(text, caret))) needMembers();
    },
    [followQuery, needMembers],
  );

  const pick = (option: MentionOption) => {
    const el = box.current;
    const open = list.open;
    if (!open || !el) return;
    const name = option.kind === 'all' ? 'all' : option.person.name;
    if (option.kind === 'person') picked.current.push(option.person);
    const next = insertMention(el.value, open.query, el.selectionStart ?? el.value.length, name);
    list.close();
    replace(next.text, next.caret);
  };

  const mentionsOf = (text: string): MessageMentions =>
    extractMentions(text, { people: people(), picked: picked.current, canMentionAll: mayMentionAll(store.slices.chats.chat(chatId)) });

  const reset = useCallback(
    (ids: readonly string[] = []) => {
      const users = store.slices.users.get();
      picked.current = ids.flatMap((id) => (users[id]?.name ? [{ id, name: users[id].name }] : []));
      resetList();
    },
    [store, resetList],
  );

  // Another chat: other people, no picks.
  useEffect(() => reset(), [reset, chatId]);

  return {
    open: list.open,
    listId: list.listId,
    optionId: list.optionId,
    comboboxProps: list.comboboxProps,
    follow,
    onKeyDown: (e) => list.onKeyDown(e, pick),
    pick,
    setActive: list.setActive,
    close: list.close,
    mentionsOf,
    reset,
  };
}
