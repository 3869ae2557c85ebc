// The page a digest email links to for stopping digests, /unsubscribe?token=<token>. Opening it
// changes nothing (mail scanners follow links; the one-click unsubscribe of RFC 8058 is the
// List-Unsubscribe header's POST): it says what it would do and asks, and only "Stop email
// digests" sends the POST; then it confirms, or says why not in the server's words and lets
// the person try again. Signed in or not: the link's token says whose digests.
import { useT } from '../../i18n';
import { useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { AlertIcon, CheckCircleIcon } from '../../shared/icons';
import { EmailLinkFrame, OpenParley, PRIMARY } from './EmailLinkFrame';

type View = { kind: 'asking' } | { kind: 'stopping' } | { kind: 'stopped' } | { kind: 'failed'; error: string };

const BADGE = 'inline-flex size-14 items-center justify-center rounded-full';

export function UnsubscribePage({ token }: { token: string }) {
  const t = useT();
  const store = useChatStore();
  const [view, setView] = useState<View>({ kind: 'asking' });

  const stop = () => {
    setView({ kind: 'stopping' });
    store.notifications.unsubscribeEmail(token).then(
      () => setView({ kind: 'stopped' }),
      (err: unknown) => setView({ kind: 'failed', error: errorMessage(err) }),
    );
  };

  if (view.kind === 'stopped') {
    return (
      <EmailLinkFrame
        title={t('email.stopped.title')}
        state="stopped"
        testId="unsubscribe"
        badge={
          <span className={`${BADGE} bg-accent-soft text-accent`}>
            <CheckCircleIcon size={28} />
          </span>
        }
      >
        <p role="status" className="text-[15px]" data-testid="unsubscribe-result">
          {t('email.stopped.text')}
        </p>
        <p className="text-sm text-muted">{t('email.stopped.hint')}</p>
        <OpenParley label={t('email.open')} primary />
      </EmailLinkFrame>
    );
  }

  const failed = view.kind === 'failed';
  return (
    <EmailLinkFrame
      title={t('email.stop.title')}
      state={view.kind === 'failed' ? 'failed' : 'asking'}
      testId="unsubscribe"
      badge={
        failed ? (
          <span className={`${BADGE} bg-danger-soft text-danger`}>
            <AlertIcon size={28} />
          </span>
        ) : undefined
      }
    >
      <p className="text-[15px]">
        {t('email.stop.question')}
      </p>
      {!token && (
        <p role="alert" className="w-full rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {t('email.incomplete')}
        </p>
      )}
      {failed && (
        <p role="alert" className="w-full rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="unsubscribe-error">
          {t('email.stop.failed', { error: view.error })}
        </p>
      )}
      <button type="button" className={`${PRIMARY} mt-1`} disabled={!token || view.kind === 'stopping'} onClick={stop}>
        {view.kind === 'stopping' ? t('email.stop.stopping') : t('email.stop.button')}
      </button>
      <OpenParley label={t('email.stop.keep')} />
    </EmailLinkFrame>
  );
}
