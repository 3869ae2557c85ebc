// A group's invite links in its info panel, for its admins and owner (the server decides
// again): make one (how long it lasts, how many may join with it), the links not revoked with
// their address to copy, their uses and expiry, and revoke one (confirmed). The list is loaded
// again whenever the group changes (someone joined: the uses rose) and when the connection comes
// back (opened while reconnecting, the list waits for it). Failures show here.
import { useEffect, useId, useRef, useState } from 'react';

import { useChatStore, useConnection } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import {
  INVITE_EXPIRIES,
  INVITE_MAX_USES,
  inviteExpiryText,
  inviteOptions,
  inviteState,
  inviteUrl,
  inviteUsesText,
  type InviteState,
} from '../../client/invites';
import type { Chat, Invite } from '../../client/types';
import { copyText } from '../../shared/clipboard';
import { CheckCircleIcon, CopyIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';
import { ConfirmDialog, type Confirm } from './ConfirmDialog';
import { button, field } from './styles';
import { t as translate, useT, type MessageKey } from '../../i18n';

const BADGE: Record<Exclude<InviteState, 'usable'>, MessageKey> = {
  revoked: 'groups.invites.badge.revoked',
  expired: 'groups.invites.badge.expired',
  'used up': 'groups.invites.badge.usedUp',
};
/** How long "Copied" shows on the button. */
const COPIED_MS = 2500;

export function InviteLinks({ chat }: { chat: Chat }) {
  const t = useT();
  const store = useChatStore();
  const now = useNow();
  const connected = useConnection() === 'connected';
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expiry, setExpiry] = useState(2); // 7 days
  const [uses, setUses] = useState(0); // no limit
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [announce, setAnnounce] = useState('');
  const [refocus, setRefocus] = useState(0);

  // The links, again whenever the group changes (a join raises a link's uses) or the connection returns.
  useEffect(() => {
    if (!connected) return;
    let current = true;
    store.groups
      .invites(chat.id)
      .then((list) => {
        if (!current) return;
        setInvites(list);
        setError(null);
      })
      .catch((err: unknown) => {
        if (current) setError(translate('groups.invites.loadFailed', { error: errorMessage(err) }));
      });
    return () => {
      current = false;
    };
  }, [store, chat.id, chat.version, connected]);

  // After a revoke its row is gone, and the confirmation gave focus back to nothing: the heading has it.
  useEffect(() => {
    if (refocus > 0) headingRef.current?.focus();
  }, [refocus]);

  const create = () => {
    const e = INVITE_EXPIRIES[expiry];
    const u = INVITE_MAX_USES[uses];
    setBusy(true);
    setError(null);
    store.groups
      .createInvite(chat.id, inviteOptions(e?.seconds ?? null, u?.uses ?? null))
      .then((invite) => {
        setInvites((prev) => [invite, ...(prev ?? []).filter((i) => i.token !== invite.token)]);
        setAnnounce(t('groups.invites.created'));
      })
      .catch((err: unknown) => setError(t('groups.invites.createFailed', { error: errorMessage(err) })))
      .finally(() => setBusy(false));
  };

  const revoke = (invite: Invite) =>
    setConfirm({
      title: t('groups.invites.revokeTitle'),
      question: t('groups.invites.revokeQuestion'),
      action: t('groups.invites.revoke'),
      run: async () => {
        try {
          await store.groups.revokeInvite(chat.id, invite.token);
          setInvites((prev) => (prev ?? []).filter((i) => i.token !== invite.token));
          setAnnounce(translate('groups.invites.revoked'));
        } catch (err) {
          setError(translate('groups.invites.revokeFailed', { error: errorMessage(err) }));
        }
        setRefocus((n) => n + 1);
      },
    });

  const select = `${field} h-11 w-full`;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 border-b border-line px-5 py-3" data-testid="invite-links">
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className="text-sm font-semibold outline-none">
        {t('groups.invites.title')}
      </h3>
      <p className="text-xs text-muted">{t('groups.invites.hint')}</p>
      <form
        className="flex flex-col gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <div className="grid grid-cols-2 gap-2">
          <label className="flex min-w-0 flex-col gap-1 text-sm">
            {t('groups.invites.expires')}
            <select className={select} value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
              {INVITE_EXPIRIES.map((o, i) => (
                <option key={i} value={i}>
                  {o.seconds === null ? t('groups.invites.never') : t('groups.invites.after', { duration: o.label })}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 flex-col gap-1 text-sm">
            {t('groups.invites.maxUses')}
            <select className={select} value={uses} onChange={(e) => setUses(Number(e.target.value))}>
              {INVITE_MAX_USES.map((o, i) => (
                <option key={o.label} value={i}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" disabled={busy} className={`${button} bg-accent text-on-accent hover:bg-accent-strong disabled:opacity-60`}>
          {busy ? t('groups.invites.creating') : t('groups.invites.create')}
        </button>
      </form>
      {error && (
        <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      )}
      <p role="status" className="sr-only">
        {announce}
      </p>
      {invites === null && !error && <p className="py-1 text-center text-sm text-muted">{t('groups.invites.loading')}</p>}
      {invites?.length === 0 && <p className="py-1 text-sm text-muted">{t('groups.invites.none')}</p>}
      {invites && invites.length > 0 && (
        <ul aria-label={t('groups.invites.title')} className="flex flex-col gap-2" data-testid="invite-list">
          {invites.map((inv) => (
            <InviteRow key={inv.token} invite={inv} now={now} onRevoke={() => revoke(inv)} onAnnounce={setAnnounce} />
          ))}
        </ul>
      )}
      {confirm && <ConfirmDialog confirm={confirm} onClose={() => setConfirm(null)} onDone={(ok) => ok && setConfirm(null)} />}
    </section>
  );
}

interface RowProps {
  invite: Invite;
  now: Date;
  onRevoke: () => void;
  /** Says something in the section's live region. */
  onAnnounce: (text: string) => void;
}

function InviteRow({ invite, now, onRevoke, onAnnounce }: RowProps) {
  const t = useT();
  const url = inviteUrl(window.location.origin, invite);
  const state = inviteState(invite, now);
  const urlId = useId();
  const text = useRef<HTMLParagraphElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  useEffect(() => {
    if (copied !== 'yes') return;
    const timer = setTimeout(() => setCopied(null), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    void copyText(url).then((ok) => {
      setCopied(ok ? 'yes' : 'no');
      onAnnounce(ok ? translate('groups.invites.copied') : translate('groups.invites.notCopied'));
      // Not copied (no clipboard here): the address is selected, for the keyboard's copy.
      const el = text.current;
      if (!ok && el) window.getSelection()?.selectAllChildren(el);
    });
  };

  return (
    <li data-invite-token={invite.token} className="flex flex-col gap-1 rounded-xl border border-line py-2 pe-1 ps-3">
      <p
        ref={text}
        id={urlId}
        dir="ltr"
        className={`font-mono text-[13px] leading-5 break-all select-all ${state === 'usable' ? '' : 'text-muted line-through'}`}
        data-testid="invite-url"
      >
        {url}
      </p>
      <div className="flex items-center gap-1">
        <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-1">
          <p className="text-xs text-muted" data-testid="invite-meta">
            {inviteUsesText(invite)} · {inviteExpiryText(invite.expiresAt, now)}
          </p>
          {state !== 'usable' && (
            <span className="rounded-full bg-danger-soft px-2 py-0.5 text-xs font-semibold text-danger" data-testid="invite-badge">
              {t(BADGE[state])}
            </span>
          )}
        </div>
        <button
          type="button"
          onClick={copy}
          aria-describedby={urlId}
          className={`${button} inline-flex shrink-0 items-center gap-1.5 px-3 text-accent hover:bg-hover`}
        >
          {copied === 'yes' ? <CheckCircleIcon size={16} /> : <CopyIcon size={16} />}
          {copied === 'yes' ? t('groups.invites.copiedShort') : t('groups.invites.copy')}
        </button>
        <button
          type="button"
          onClick={onRevoke}
          aria-describedby={urlId}
          className={`${button} shrink-0 px-3 text-danger hover:bg-danger-soft`}
        >
          {t('groups.invites.revoke')}
        </button>
      </div>
      {copied === 'no' && <p className="text-xs text-muted">{t('groups.invites.selected')}</p>}
    </li>
  );
}
