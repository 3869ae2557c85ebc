// The schedule dialog's "Next": the rule in words, and the next five times the server works
// out for it (POST /api/v1/me/scheduled/preview), asked for a moment after the last change (an
// older question is aborted and its answer dropped), shown in the viewer's time zone; what the
// server finds wrong in the rule shows here in its words. A private chat's schedule in the other
// person's time zone shows no times (their zone decides them), only whether the rule is good. A
// polite live region, so the new times are heard without taking the focus. A scheduled message
// being changed whose times are as they were shows the times the server gave it (`known`).
import { useEffect, useState } from 'react';

import { useChatStore } from '../../app/store-context';
import { ApiError, errorMessage } from '../../client/errors';
import { formatRelative, formatZoned } from '../../shared/format';
import { RepeatIcon } from '../../shared/icons';
import { useT } from '../../i18n';

/** How long after the last change the preview is asked for. */
export const PREVIEW_DELAY_MS = 350;

export interface PreviewAsk {
  start: string;
  timeZone: string;
  rrule: string | null;
}

type Shown = { key: string; times: number[] | null; error: string | null };

interface Props {
  /** What to preview; null: nothing (the dialog shows what is wrong, or `known` is shown). */
  ask: PreviewAsk | null;
  /** Times known already (the server's for a scheduled message unchanged); shown without asking. */
  known?: readonly number[] | null;
  /** The zone the times are shown in (the viewer's). */
  viewerZone: string;
  /** The other person's name when the times are theirs (recipientZone); null otherwise. */
  recipient: string | null;
  /** The rule in words, when it repeats. */
  description: string | null;
  now: number;
}

export function SchedulePreview({ ask, known = null, viewerZone, recipient, description, now }: Props) {
  const t = useT();
  const store = useChatStore();
  const key = ask ? `${ask.start}|${ask.timeZone}|${ask.rrule ?? ''}` : '';
  const [shown, setShown] = useState<Shown>({ key: '', times: null, error: null });

  const start = ask?.start ?? null;
  const zone = ask?.timeZone ?? '';
  const rrule = ask?.rrule ?? null;
  useEffect(() => {
    if (start === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      store.scheduled
        .preview({ start, timeZone: zone, ...(rrule ? { rrule } : {}) }, controller.signal)
        .then(
          (times) => {
            if (!controller.signal.aborted) setShown({ key, times, error: null });
          },
          (err: unknown) => {
            if (controller.signal.aborted) return;
            const words = err instanceof ApiError && err.status === 400 ? err.message : t('scheduled.preview.failed', { error: errorMessage(err) });
            setShown({ key, times: null, error: words });
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [store, key, start, zone, rrule, t]);

  const current = known !== null || (ask !== null && shown.key === key);
  const times = known ?? (current ? shown.times : null);
  const error = known === null && current ? shown.error : null;
  const askedZone = known !== null ? null : (ask?.timeZone ?? null);
  return (
    <section aria-live="polite" className="flex flex-col gap-1.5 rounded-xl bg-panel-2 px-3 py-2.5 text-sm" data-testid="schedule-preview">
      {description && (
        <p className="flex items-start gap-2 font-medium" data-testid="schedule-rule-words">
          <RepeatIcon size={16} className="mt-0.5 shrink-0 text-accent" />
          <span>{description}</span>
        </p>
      )}
      {ask === null && known === null ? null : error ? (
        <p className="text-danger" data-testid="schedule-preview-error">
          {error}
        </p>
      ) : recipient !== null && known === null ? (
        <p className="text-muted">{t('scheduled.preview.recipient', { name: recipient })}</p>
      ) : !current ? (
        <p className="text-muted">{t('scheduled.preview.loading')}</p>
      ) : times && times.length === 0 ? (
        <p className="text-danger">{t('scheduled.preview.none')}</p>
      ) : (
        <>
          <h3 className="text-xs font-semibold tracking-wide text-muted uppercase">{t('scheduled.preview.title')}</h3>
          <ol className="flex flex-col gap-0.5" data-testid="schedule-preview-times">
            {(times ?? []).map((at) => (
              <li key={at} className="flex flex-wrap justify-between gap-x-3">
                <span className="tabular-nums">{formatZoned(at, viewerZone)}</span>
                <span className="text-muted">{formatRelative(at, now)}</span>
              </li>
            ))}
          </ol>
          {askedZone !== null && askedZone !== viewerZone && <p className="text-xs text-muted">{t('scheduled.preview.inZone', { zone: viewerZone })}</p>}
        </>
      )}
    </section>
  );
}
