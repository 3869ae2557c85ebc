// The page of an invite link, /join/<token>, for whoever is signed in (signed out, the app keeps
// the token and comes back here after signing in): the group's avatar, name, description and
// member count, and "Join group"; "Open chat" for a member already. Joining opens the group.
// A link that does not exist, admits nobody any more (the server says why) or leads to a full
// group says so, with the way back to the chats. Focus goes to the heading of what is shown.
import { useEffect, useRef, useState, type MouseEvent } from 'react';

import { navigate, routePath } from '../../app/router';
import { useChatStore } from '../../app/store-context';
import { memberCountText } from '../../client/groups';
import { inviteExpiryText, joinProblem, type JoinProblem } from '../../client/invites';
import type { InvitePreview } from '../../client/types';
import { Avatar } from '../../shared/Avatar';
import { AlertIcon } from '../../shared/icons';
import { useNow } from '../../shared/useNow';
import { button } from './styles';
import { useT } from '../../i18n';

type View = { kind: 'loading' } | { kind: 'preview'; preview: InvitePreview } | { kind: 'problem'; problem: JoinProblem };

const primary = `${button} w-full bg-accent px-5 text-on-accent hover:bg-accent-strong disabled:opacity-60`;

/** A real link to the chat list (new tab, copy address), followed in place. */
function BackToChats({ className }: { className: string }) {
  const t = useT();
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate({ name: 'home' });
  };
  return (
    <a href={routePath({ name: 'home' })} onClick={follow} className={className}>
      {t('groups.join.back')}
    </a>
  );
}

export function JoinGroupPage({ token }: { token: string }) {
  const t = useT();
  const store = useChatStore();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [joining, setJoining] = useState(false);
  const [joinError, setJoinError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const now = useNow();

  useEffect(() => {
    let current = true;
    setView({ kind: 'loading' });
    store.groups
      .invitePreview(token)
      .then((preview) => {
        if (current) setView({ kind: 'preview', preview });
      })
      .catch((err: unknown) => {
        if (current) setView({ kind: 'problem', problem: joinProblem(err) });
      });
    return () => {
      current = false;
    };
  }, [store, token, attempt]);

  // What is shown changed (loaded, failed): its heading has focus, so it is read out.
  useEffect(() => {
    if (view.kind !== 'loading') heading.current?.focus();
  }, [view.kind]);

  const join = () => {
    setJoining(true);
    setJoinError(null);
    store.groups
      .joinByInvite(token)
      .then((chat) => navigate({ name: 'chat', chatId: chat.id }, true))
      .catch((err: unknown) => {
        const problem = joinProblem(err);
        setJoining(false);
        // The link or the group changed since the preview: say why in place of it.
        if (problem.kind === 'other') setJoinError(problem.detail);
        else setView({ kind: 'problem', problem });
      });
  };

  const card = 'flex flex-col items-center gap-3 rounded-2xl border border-line bg-panel px-5 py-6 text-center shadow-soft sm:px-6';
  const headingClass = 'text-xl font-semibold break-words [overflow-wrap:anywhere] outline-none';

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-y-auto bg-chat" data-testid="join-page">
      <div className="m-auto w-full max-w-sm px-4 py-8">
        {view.kind === 'loading' && (
          <p role="status" className="text-center text-sm text-muted">
            {t('groups.join.loading')}
          </p>
        )}

        {view.kind === 'preview' && (
          <section aria-labelledby="join-title" className={card}>
            <p className="text-sm text-muted">{view.preview.member ? t('groups.join.invitation') : t('groups.join.invited')}</p>
            <Avatar id={view.preview.chat.id} name={view.preview.chat.title || t('common.group')} color={view.preview.chat.avatarColor} size="xl" />
            <h2 id="join-title" ref={heading} tabIndex={-1} className={headingClass} dir="auto" data-testid="join-title">
              {view.preview.chat.title || t('common.group')}
            </h2>
            {view.preview.chat.description && (
              <p className="text-sm whitespace-pre-wrap break-words [overflow-wrap:anywhere]" dir="auto">
                {view.preview.chat.description}
              </p>
            )}
            <p className="text-sm text-muted" data-testid="join-members">
              {t('groups.subtitle', { members: memberCountText(view.preview.chat.memberCount) })}
            </p>
            {view.preview.member ? (
              <>
                <p className="w-full rounded-xl bg-accent-soft px-3 py-2 text-sm font-medium" data-testid="join-member">
                  {t('groups.join.member')}
                </p>
                <button
                  type="button"
                  className={primary}
                  onClick={() => navigate({ name: 'chat', chatId: view.preview.chat.id }, true)}
                >
                  {t('groups.join.open')}
                </button>
              </>
            ) : (
              <>
                {view.preview.expiresAt !== null && (
                  <p className="text-xs text-muted">{t('groups.join.linkExpiry', { expiry: inviteExpiryText(view.preview.expiresAt, now) })}</p>
                )}
                {joinError && (
                  <p role="alert" className="w-full rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
                    {t('groups.join.failed', { error: joinError })}
                  </p>
                )}
                <button type="button" className={`${primary} mt-1`} disabled={joining} onClick={join}>
                  {joining ? t('groups.join.joining') : t('groups.join.join')}
                </button>
              </>
            )}
            <BackToChats className={`${button} inline-flex w-full items-center justify-center text-accent hover:bg-hover`} />
          </section>
        )}

        {view.kind === 'problem' && (
          <section aria-labelledby="join-title" className={card} data-testid="join-problem">
            <span className="inline-flex size-14 items-center justify-center rounded-full bg-danger-soft text-danger">
              <AlertIcon size={28} />
            </span>
            <h2 id="join-title" ref={heading} tabIndex={-1} className={headingClass}>
              {view.problem.title}
            </h2>
            {view.problem.detail && <p className="text-sm text-muted">{view.problem.detail}</p>}
            {view.problem.kind === 'other' && (
              <button type="button" className={`${button} w-full bg-panel-2 hover:bg-active`} onClick={() => setAttempt((n) => n + 1)}>
                {t('groups.join.retry')}
              </button>
            )}
            <BackToChats className={`${primary} inline-flex items-center justify-center`} />
          </section>
        )}
      </div>
    </div>
  );
}
