// "Message info" of one of the user's group messages: who has read it and who has it delivered,
// with times (message:receipts), and how many members it has not reached yet. A watermark's
// time is when it last rose, so a time may be later than the moment that message arrived.
import { useEffect, useState } from 'react';

import { useChatStore, useChats, useConnection, useSession } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import type { ChatMessage, Receipt } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { formatShortDate, formatTime } from '../../shared/format';
import { Modal } from '../../shared/Modal';
import { t, useT } from '../../i18n';

/** Pages of receipts read at most before "Show more". */
const PAGES_AT_ONCE = 5;

function when(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? formatTime(iso) : t('chat.dayTime', { date: formatShortDate(iso), time: formatTime(iso) });
}

function People({ title, people, time, testId }: { title: string; people: Receipt[]; time: (r: Receipt) => string | null; testId: string }) {
  useT();
  return (
    <section className="px-5 py-3" data-testid={testId}>
      <h3 className="mb-1 text-sm font-semibold">
        {title} <span className="font-normal text-muted">({people.length})</span>
      </h3>
      {people.length === 0 ? (
        <p className="text-sm text-muted">{t('groups.info.nobody')}</p>
      ) : (
        <ul className="flex flex-col">
          {people.map((r) => (
            <li key={r.id} className="flex items-center gap-3 py-1.5">
              <Avatar id={r.id} name={r.name} size="sm" />
              <span className="min-w-0 flex-1 truncate" dir="auto">{r.name}</span>
              <time className="shrink-0 text-xs text-muted" dateTime={time(r) ?? undefined}>
                {when(time(r))}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MessageInfo({ message, onClose }: { message: ChatMessage; onClose: () => void }) {
  useT();
  const store = useChatStore();
  const me = useSession((s) => s.user?.id ?? '');
  const memberCount = useChats((s) => s.byId[message.chatId]?.memberCount ?? 0);
  const [receipts, setReceipts] = useState<Receipt[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = async (after?: number) => {
    setLoading(true);
    try {
      let cursor = after;
      const got: Receipt[] = [];
      for (let i = 0; i < PAGES_AT_ONCE; i++) {
        const page = await store.groups.messageReceipts(message.id, cursor);
        got.push(...page.members);
        cursor = page.nextAfter ?? undefined;
        if (page.nextAfter === null) break;
      }
      setReceipts((prev) => (after === undefined ? got : [...prev, ...got]));
      setNext(cursor ?? null);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  // Loaded once per message, when connected (opened while reconnecting, it waits).
  const connected = useConnection() === 'connected';
  useEffect(() => {
    if (connected) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [message.id, connected]);

  const others = receipts.filter((r) => r.id !== me);
  const read = others.filter((r) => r.read);
  const delivered = others.filter((r) => !r.read);
  const waiting = Math.max(0, memberCount - 1 - others.length);

  return (
    <Modal title={t('groups.info.title')} onClose={onClose} testId="message-info">
      <div className="flex max-h-[75dvh] flex-col overflow-y-auto pb-3">
        <blockquote className="mx-5 mt-3 rounded-xl border-s-4 border-accent bg-panel-2 px-3 py-2 text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]" dir="auto">
          {message.content}
        </blockquote>
        {error && (
          <p role="alert" className="px-5 py-3 text-sm text-danger">
            {t('groups.info.failed', { error })}
          </p>
        )}
        {loading && receipts.length === 0 ? (
          <p className="px-5 py-4 text-sm text-muted" role="status">
            {t('common.loading')}
          </p>
        ) : (
          <>
            <People title={t('groups.info.readBy')} people={read} time={(r) => r.readAt} testId="read-by" />
            <People title={t('groups.info.deliveredTo')} people={delivered} time={(r) => r.deliveredAt} testId="delivered-to" />
            {next === null && waiting > 0 && (
              <p className="px-5 text-sm text-muted">
                {t('groups.info.waiting', { count: waiting })}
              </p>
            )}
            {next !== null && (
              <button type="button" onClick={() => void load(next)} disabled={loading} className="mx-5 h-11 rounded-xl text-sm font-medium text-accent hover:bg-hover">
                {t('groups.info.more')}
              </button>
            )}
          </>
        )}
      </div>
    </Modal>
  );
}
