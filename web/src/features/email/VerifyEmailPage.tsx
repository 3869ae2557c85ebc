// The page of the link that verifies the user's email address, /verify-email?token=<token>:
// it verifies at once (signed in or not; the link's token says whose address), then says
// "Your address … is verified" with a link that opens Parley, or the server's refusal (a link
// that is not valid, has expired, or is for an address the account no longer has) with the
// way back; a failure to reach the server can be tried again.
import { t as translate, tx, useT } from '../../i18n';
import { useEffect, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { ApiError, errorMessage } from '../../client/errors';
import { AlertIcon, CheckCircleIcon } from '../../shared/icons';
import { EmailLinkFrame, OpenParley, SECONDARY } from './EmailLinkFrame';

type View = { kind: 'verifying' } | { kind: 'verified'; email: string } | { kind: 'failed'; error: string; retry: boolean };

const BADGE = 'inline-flex size-14 items-center justify-center rounded-full';

export function VerifyEmailPage({ token }: { token: string }) {
  const t = useT();
  const store = useChatStore();
  const [view, setView] = useState<View>(() =>
    token ? { kind: 'verifying' } : { kind: 'failed', error: translate('email.incomplete'), retry: false },
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!token) return;
    let current = true;
    setView({ kind: 'verifying' });
    store.notifications.verifyEmail(token).then(
      (answer) => {
        if (current) setView({ kind: 'verified', email: answer.email });
      },
      (err: unknown) => {
        const retry = !(err instanceof ApiError) || err.isNetwork || err.status >= 500 || err.status === 429;
        if (current) setView({ kind: 'failed', error: errorMessage(err), retry });
      },
    );
    return () => {
      current = false;
    };
  }, [store, token, attempt]);

  if (view.kind === 'verifying') {
    return (
      <EmailLinkFrame title={t('email.verify.verifying')} state="verifying" testId="verify-email">
        <p role="status" className="text-sm text-muted">
          {t('email.verify.moment')}
        </p>
      </EmailLinkFrame>
    );
  }

  if (view.kind === 'verified') {
    return (
      <EmailLinkFrame
        title={t('email.verify.done')}
        state="verified"
        testId="verify-email"
        badge={
          <span className={`${BADGE} bg-accent-soft text-accent`}>
            <CheckCircleIcon size={28} />
          </span>
        }
      >
        <p role="status" className="text-[15px] break-words [overflow-wrap:anywhere]" data-testid="verify-email-result">
          {tx('email.verify.result', { email: <strong>{view.email}</strong> })}
        </p>
        <p className="text-sm text-muted">{t('email.verify.hint')}</p>
        <OpenParley label={t('email.open')} primary />
      </EmailLinkFrame>
    );
  }

  return (
    <EmailLinkFrame
      title={t('email.verify.failed')}
      state="failed"
      testId="verify-email"
      badge={
        <span className={`${BADGE} bg-danger-soft text-danger`}>
          <AlertIcon size={28} />
        </span>
      }
    >
      <p role="alert" className="w-full rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="verify-email-error">
        {view.error}
      </p>
      <p className="text-sm text-muted">{t('email.verify.newLink')}</p>
      {view.retry && (
        <button type="button" className={`${SECONDARY} bg-panel-2`} onClick={() => setAttempt((n) => n + 1)}>
          {t('email.tryAgain')}
        </button>
      )}
      <OpenParley label={t('email.back')} />
    </EmailLinkFrame>
  );
}
