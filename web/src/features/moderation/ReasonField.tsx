// The optional reason of a moderator's action (kept in the audit log), with its character counter;
// `label` and `hint` name it otherwise (a warning's words, which its person reads).
import { useId } from 'react';

import { commentCount } from '../../client/moderation';
import { useT } from '../../i18n';

export function ReasonField({
  value,
  onChange,
  label,
  hint,
}: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  hint?: string;
}) {
  const t = useT();
  const reasonId = useId();
  const counterId = useId();
  const count = commentCount(value);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={reasonId} className="text-[15px] font-medium">
        {label ?? t('moderation.reason')} <span className="font-normal text-muted">({hint ?? t('moderation.reasonHint')})</span>
      </label>
      <textarea
        id={reasonId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={2}
        dir="auto"
        aria-describedby={counterId}
        aria-invalid={count.over || undefined}
        className="min-h-16 resize-y rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
      />
      <p id={counterId} className={`self-end text-xs tabular-nums ${count.over ? 'font-semibold text-danger' : 'text-muted'}`}>
        <span className="sr-only">{t('moderation.charsUsed')} </span>
        {count.text}
      </p>
    </div>
  );
}
