// Email digests in the Notifications dialog: the address they go to; until it is verified, a
// button that has the server email a link to it ("We sent a link to …", or the refusal in the
// server's words: no email on this server, asked too often); once verified, the switch for the
// digests and how long a message stays unread before one tells of it. A server that sends no
// email gets one muted line. The switch and the delay are saved at once like the dialog's
// other settings; the address shows verified as soon as the link is opened anywhere
// (notifications:updated).
import { useId, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { emailDelayChoices } from '../../client/notifications';
import type { NotificationSettings } from '../../client/notifications-wire';
import { Switch } from '../../shared/Switch';
import { SECTION_TITLE_RULED } from './settings-style';
import { useT } from '../../i18n';

/** The verification link asked for in this dialog: on its way, sent to an address, or refused. */
type Asked = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; to: string } | { kind: 'failed'; error: string };

const FIELD =
  'h-11 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15 disabled:opacity-60';

export function EmailSettings({ settings }: { settings: NotificationSettings }) {
  const t = useT();
  const store = useChatStore();
  const [asked, setAsked] = useState<Asked>({ kind: 'idle' });
  const headingId = useId();
  const delayId = useId();
  const delayNoteId = useId();

  const askForLink = () => {
    const to = settings.emailAddress;
    setAsked({ kind: 'sending' });
    store.notifications.requestEmailVerification().then(
      () => setAsked({ kind: 'sent', to }),
      (err: unknown) => setAsked({ kind: 'failed', error: errorMessage(err) }),
    );
  };

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3" data-testid="email-settings">
      <h3 id={headingId} className={SECTION_TITLE_RULED}>
        {t('notifications.email.title')}
      </h3>
      {!settings.emailAvailable ? (
        <p className="text-sm text-muted" data-testid="email-unavailable">
          {t('notifications.email.unavailable')}
        </p>
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
            <span className="text-muted">{t('notifications.email.address')}</span>
            <span className="font-medium break-all" data-testid="email-address">
              {settings.emailAddress}
            </span>
            <span
              className={`rounded-full px-2 py-0.5 text-xs font-medium ${settings.emailVerified ? 'bg-accent-soft text-accent' : 'bg-panel-2 text-muted'}`}
              data-testid="email-verified"
            >
              {settings.emailVerified ? t('notifications.email.verified') : t('notifications.email.notVerified')}
            </span>
          </p>
          {settings.emailVerified ? (
            <>
              <Switch
                label={t('notifications.email.digest')}
                description={t('notifications.email.digestHint')}
                checked={settings.email}
                onChange={(on) => store.notifications.setEmail(on)}
                testId="email-switch"
              />
              <div className="flex flex-col gap-1">
                <label htmlFor={delayId} className="text-sm font-medium">
                  {t('notifications.email.delay')}
                </label>
                <select
                  id={delayId}
                  value={settings.emailDelayMinutes}
                  disabled={!settings.email}
                  aria-describedby={delayNoteId}
                  onChange={(e) => store.notifications.setEmailDelay(Number(e.target.value))}
                  className={FIELD}
                  data-testid="email-delay"
                >
                  {emailDelayChoices(settings.emailDelayMinutes).map((c) => (
                    <option key={c.minutes} value={c.minutes}>
                      {c.label}
                    </option>
                  ))}
                </select>
                <p id={delayNoteId} className="text-sm text-muted">
                  {t('notifications.email.delayHint')}
                </p>
              </div>
            </>
          ) : (
            <>
              <p className="text-sm text-muted">{t('notifications.email.verifyHint')}</p>
              <button
                type="button"
                onClick={askForLink}
                disabled={asked.kind === 'sending'}
                className="h-11 self-start rounded-xl bg-accent px-4 text-sm font-medium text-on-accent hover:bg-accent-strong disabled:opacity-60"
                data-testid="email-verify"
              >
                {asked.kind === 'sending' ? t('notifications.email.sending') : asked.kind === 'sent' ? t('notifications.email.sendAgain') : t('notifications.email.verify')}
              </button>
              <p role="status" className="text-sm" data-testid="email-sent">
                {asked.kind === 'sent' ? t('notifications.email.sent', { address: asked.to }) : ''}
              </p>
              {asked.kind === 'failed' && (
                <p role="alert" className="text-sm text-danger" data-testid="email-error">
                  {t('notifications.email.failed', { error: asked.error })}
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
