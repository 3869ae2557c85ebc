// The results of a search, grouped by chat (the chat's avatar and title above its results, the
// chats in the order they first appear): each result its sender, time and snippet with the
// words found marked. A listbox: the search box (or the list itself, when focused) moves the
// active result with Up and Down (aria-activedescendant), Enter or a click jumps to it.
import { useT } from '../../i18n';
import { memo, type KeyboardEvent } from 'react';

import { useChats, useSession, useUsers } from '../../app/store-context';
import { highlightPieces, type ChatGroup } from '../../client/search';
import type { SearchResult, TextRange } from '../../client/search-wire';
import { chatTitle, peerId, userName } from '../../client/selectors';
import { isGroup } from '../../client/groups';
import { Avatar } from '../../shared/Avatar';
import { formatDateTime, listTime } from '../../shared/format';
import { ThreadIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';

export const RESULTS_ID = 'search-results';

/** The element id of a result (the listbox's options; aria-activedescendant names them). */
export const resultId = (messageId: string) => `search-result-${messageId}`;

/** Text with the ranges marked (<mark>), as React text: never HTML. */
export function Highlighted({ text, ranges }: { text: string; ranges: readonly TextRange[] }) {
  return (
    <>
      {highlightPieces(text, ranges).map((p, i) =>
        p.mark ? (
          <mark key={i} className="search-mark">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

const ResultOption = memo(function ResultOption({
  result,
  active,
  sender,
  now,
  onPick,
}: {
  result: SearchResult;
  active: boolean;
  sender: string;
  now: Date;
  onPick: (r: SearchResult) => void;
}) {
  const t = useT();
  const m = result.message;
  const threadOnly = Boolean(m.threadRootId) && !m.alsoToChat;
  const snippet = result.snippet?.text ? result.snippet : { text: m.content, highlights: result.highlights ?? [] };
  return (
    <div
      role="option"
      id={resultId(m.id)}
      aria-selected={active}
      data-message-id={m.id}
      onClick={() => onPick(result)}
      // The box keeps focus: pressing an option does not take it away.
      onMouseDown={(e) => e.preventDefault()}
      className={`mx-2 cursor-pointer rounded-xl px-3 py-2.5 transition ${
        active ? 'bg-active ring-2 ring-accent/60 ring-inset' : 'hover:bg-hover'
      }`}
    >
      <div className="flex items-baseline gap-2">
        <span className="min-w-0 truncate text-sm font-semibold" dir="auto">{sender}</span>
        {threadOnly && (
          <span className="inline-flex shrink-0 items-center gap-1 text-xs text-muted">
            <ThreadIcon size={12} />
            {t('search.inThread')}
          </span>
        )}
        <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)} className="ms-auto shrink-0 text-xs text-muted">
          {listTime(m.createdAt, now)}
        </time>
      </div>
      <p dir="auto" className="mt-0.5 line-clamp-3 text-sm break-words [overflow-wrap:anywhere]" data-testid="search-snippet">
        <Highlighted text={snippet.text} ranges={snippet.highlights ?? []} />
      </p>
    </div>
  );
});

function GroupHeader({ chatId, id }: { chatId: string; id: string }) {
  const t = useT();
  const chat = useChats((s) => s.byId[chatId]);
  const users = useUsers();
  const me = useSession((s) => s.user?.id ?? '');
  if (!chat) {
    return (
      <div role="presentation" id={id} className="px-4 pt-3 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">
        {t('search.notIn')}
      </div>
    );
  }
  const title = chatTitle(chat, me, users);
  const group = isGroup(chat);
  const peer = group ? undefined : users[peerId(chat, me)];
  return (
    <div role="presentation" className="sticky top-0 z-10 flex items-center gap-2 bg-panel/95 px-4 pt-3 pb-1.5 backdrop-blur-sm">
      <Avatar id={group ? chat.id : (peer?.id ?? chat.id)} name={group ? title : (peer?.name ?? title)} size="sm" color={group ? chat.avatarColor : undefined} />
      <span id={id} className="min-w-0 truncate text-sm font-semibold" data-testid="search-group-title" dir="auto">
        {title}
      </span>
    </div>
  );
}

export function SearchResults({
  groups,
  activeId,
  onPick,
  onKeyDown,
}: {
  groups: readonly ChatGroup[];
  activeId: string | null;
  onPick: (r: SearchResult) => void;
  onKeyDown: (e: KeyboardEvent) => void;
}) {
  const t = useT();
  const users = useUsers();
  const me = useSession((s) => s.user?.id ?? '');
  const now = useNow(60000);
  return (
    <div
      id={RESULTS_ID}
      role="listbox"
      aria-label={t('search.resultsLabel')}
      tabIndex={0}
      aria-activedescendant={activeId ? resultId(activeId) : undefined}
      onKeyDown={onKeyDown}
      className="pb-2 outline-none focus-visible:ring-2 focus-visible:ring-accent/40 focus-visible:ring-inset"
    >
      {groups.map((g) => {
        const headerId = `search-group-${g.chatId}`;
        return (
          <div role="group" aria-labelledby={headerId} key={g.chatId} className="flex flex-col gap-0.5" data-chat-id={g.chatId}>
            <GroupHeader chatId={g.chatId} id={headerId} />
            {g.results.map((r) => (
              <ResultOption
                key={r.message.id}
                result={r}
                active={r.message.id === activeId}
                sender={r.message.senderId === me ? t('common.you') : userName(users, r.message.senderId)}
                now={now}
                onPick={onPick}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}
