// A private chat's contact info (its header opens it): the other person's avatar, name, email and
// presence, "Report Alice…" (ReportDialog), and Block (asked first, BlockDialog) or Unblock. What
// the server hides (a blocked person's presence, a last seen not shared) shows as nothing.
import { useState } from 'react';

import { useBlocks, useChatStore, useConnection, useUsers } from '../../app/store-context';
import { blockErrorText } from '../../client/blocks';
import { presenceText } from '../../shared/format';
import { Avatar } from '../../shared/Avatar';
import { BanIcon, FlagIcon } from '../../shared/icons';
import { Modal } from '../../shared/Modal';
import { useNow } from '../../shared/useNow';
import { tx, useT } from '../../i18n';
import { BlockDialog } from './BlockDialog';
import { ReportDialog } from './ReportDialog';

const button = 'inline-flex h-11 w-full items-center justify-center gap-2 rounded-xl px-4 text-sm font-medium';

export function PersonInfo({ userId, onClose }: { userId: string; onClose: () => void }) {
  const t = useT();
  const store = useChatStore();
  const person = useUsers()[userId];
  const blocks = useBlocks();
  const connected = useConnection() === 'connected';
  const now = useNow();
  const [asking, setAsking] = useState(false);
  const [reporting, setReporting] = useState(false);
  const name = person?.name || t('chat.person.unknown');
  const blocked = blocks.ids.has(userId);
  const changing = blocks.changing[userId] !== undefined;
  const presence = connected && !blocked ? presenceText(person?.isOnline, person?.lastSeen, now) : '';

  return (
    <Modal title={t('chat.contactInfo')} onClose={onClose} testId="person-info">
      <section className="flex flex-col items-center gap-1 border-b border-line px-5 py-4 text-center">
        <Avatar id={userId} name={name} size="xl" />
        <p className="mt-2 text-lg font-semibold break-words [overflow-wrap:anywhere]" data-testid="person-info-name" dir="auto">
          {name}
        </p>
        {person?.email && <p className="text-sm break-all text-muted">{person.email}</p>}
        {presence && <p className={`text-sm ${person?.isOnline ? 'text-online' : 'text-muted'}`}>{presence}</p>}
        {blocked && <p className="mt-2 rounded-lg bg-panel-2 px-3 py-2 text-sm">{tx('account.block.notice', { name: <bdi>{name}</bdi> })}</p>}
      </section>
      <section className="flex flex-col gap-1 px-3 py-3">
        <button type="button" onClick={() => setReporting(true)} className={`${button} text-danger hover:bg-danger-soft`}>
          <FlagIcon size={18} />
          <span>{tx('chat.person.report', { name: <bdi>{name}</bdi> })}</span>
        </button>
        {blocked ? (
          <button
            type="button"
            disabled={changing}
            onClick={() => {
              store.blocks.unblock(userId).catch((err: unknown) => store.showToast(blockErrorText(err, false)));
            }}
            className={`${button} text-accent hover:bg-hover disabled:opacity-60`}
          >
            {changing ? t('chat.unblocking') : tx('chat.person.unblock', { name: <bdi>{name}</bdi> })}
          </button>
        ) : (
          <button type="button" disabled={changing} onClick={() => setAsking(true)} className={`${button} text-danger hover:bg-danger-soft disabled:opacity-60`}>
            <BanIcon size={18} />
            <span>{tx('chat.person.block', { name: <bdi>{name}</bdi> })}</span>
          </button>
        )}
      </section>
      {asking && <BlockDialog person={{ id: userId, name }} onClose={() => setAsking(false)} />}
      {reporting && <ReportDialog target={{ kind: 'user', targetId: userId, userId, name }} onClose={() => setReporting(false)} />}
    </Modal>
  );
}
