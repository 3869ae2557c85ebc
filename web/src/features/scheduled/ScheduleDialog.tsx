// Scheduling a message, or changing one scheduled: the text (the message box's, which empties
// once it is scheduled), quick choices (the next full hour, tomorrow 09:00, Monday 09:00), the
// date and time, the time zone they are in (the person's own by default, changeable; in a
// private chat, or the other person's: "Deliver at this time in Bob's time zone"), how it
// repeats and ends (RepeatFields.tsx), and "Next": the rule in words and the next five times in
// the viewer's zone, worked out by the server (SchedulePreview.tsx). What is wrong shows beside
// its field before anything is sent (focus goes to the first such field), the server's refusal
// above the buttons in its words. Schedule (or Save) waits for the server; then a toast says
// when it goes, and the dialog closes. Esc, Cancel or a click outside closes it (Modal).
// Files from the message box's tray go with a new one (listed, read-only; the text is then
// their caption and may be empty); one being changed lists its files, which stay as scheduled.
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';

import { useChats, useChatStore, useSession, useUsers } from '../../app/store-context';
import { errorMessage } from '../../client/errors';
import { isGroup } from '../../client/groups';
import {
  buildRrule,
  DEFAULT_FORM,
  describeRule,
  endProblem,
  formatLocal,
  formOf,
  joinLocal,
  dateText,
  msToLocal,
  parseDate,
  parseLocal,
  repeatKinds,
  timeText,
  type LocalDateTime,
  type RepeatForm,
  type RepeatKind,
} from '../../client/rrule';
import { defaultStart, knownZone, quickStarts, scheduledErrorText, startProblem } from '../../client/scheduled';
import { MAX_SCHEDULED_CHARS, type ScheduledMessage } from '../../client/scheduled-wire';
import { peerId, userName } from '../../client/selectors';
import { isTimeZone, dayNames } from '../../client/dnd';
import { formatWallTime, formatZoned } from '../../shared/format';
import { PaperclipIcon } from '../../shared/icons';
import { Modal } from '../../shared/Modal';
import { useNow } from '../../shared/useNow';
import { useT } from '../../i18n';
import { RepeatFields } from './RepeatFields';
import { SchedulePreview, type PreviewAsk } from './SchedulePreview';
import { ZoneField } from './ZoneField';

const FIELD = 'h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';

export interface ScheduleDialogProps {
  chatId: string;
  /** The text to schedule (the message box's); ignored when editing. */
  text?: string;
  /** The files a new one carries (the message box's uploaded ones: file id and name); ignored when editing. */
  files?: ReadonlyArray<{ id: string; name: string }>;
  /** The scheduled message being changed; none: a new one. */
  editing?: ScheduledMessage;
  onClose: () => void;
  /** Scheduled (or saved); the dialog is closing. */
  onDone?: (s: ScheduledMessage) => void;
}

/** A choice that a new start date no longer fits (the last Friday moved off the month's end) becomes the month's day. */
function fitting(form: RepeatForm, kinds: readonly RepeatKind[]): RepeatForm {
  return form.kind === 'keep' || kinds.includes(form.kind) ? form : { ...form, kind: 'monthlyDay' };
}

const NO_FILES: ReadonlyArray<{ id: string; name: string }> = [];

export function ScheduleDialog({ chatId, text = '', files: given = NO_FILES, editing, onClose, onDone }: ScheduleDialogProps) {
  const t = useT();
  const store = useChatStore();
  const chat = useChats((s) => s.byId[chatId]);
  const me = useSession((s) => s.user?.id ?? '');
  const users = useUsers();
  const now = useNow(30000).getTime();
  /** The person's own zone: the default, and the zone "Next" shows times in. */
  const [own] = useState(() => knownZone(store.scheduled.timeZone()));
  // What the dialog opened with; later changes to the held copy do not move the fields.
  const [initial] = useState(() => {
    const zone = editing?.timeZone ?? own;
    const start = (editing && parseLocal(editing.start)) || defaultStart(zone, Date.now());
    return { zone, start, form: editing ? formOf(editing.rrule, start, zone) : { ...DEFAULT_FORM } };
  });
  const [content, setContent] = useState(editing?.content ?? text);
  /** Opened with a text: the date comes first; else the text does. */
  const [initialText] = useState(() => content.trim() !== '');
  const [zone, setZone] = useState(initial.zone);
  const [date, setDate] = useState(dateText(initial.start));
  const [time, setTime] = useState(timeText(initial.start.minutes));
  const [form, setForm] = useState<RepeatForm>(initial.form);
  const [recipientZone, setRecipientZone] = useState(editing?.recipientZone ?? false);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What it carries: the tray's files for a new one, its own when changing one.
  const files = editing ? editing.attachments : given;
  const ids = { files: useId(), content: useId(), contentError: useId(), date: useId(), time: useId(), startError: useId(), zone: useId(), recipientHint: useId() };
  const contentRef = useRef<HTMLTextAreaElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const group = isGroup(chat);
  const peer = chat && !group ? peerId(chat, me) : '';
  const peerName = peer ? userName(users, peer) : '';
  const theirs = !group && recipientZone;

  const local: LocalDateTime | null = joinLocal(date, time);
  const start = local ? formatLocal(local) : '';
  const kinds = useMemo<readonly RepeatKind[]>(() => {
    const d = parseDate(date);
    return d ? repeatKinds(d) : ['never', 'daily', 'weekdays', 'custom'];
  }, [date]);
  const repeat = fitting(form, kinds);
  const zoneOk = isTimeZone(zone);
  // A repeating one being changed keeps its first time, long past maybe, unless it is moved. In
  // the other person's zone the server decides whether it is in the future.
  const moved = !editing || start !== editing.start.slice(0, 16) || zone !== editing.timeZone;
  const startIssue = !local
    ? t('scheduled.start.missing')
    : theirs || !zoneOk || !moved
      ? null
      : startProblem(start, zone, now);
  const endIssue = local ? endProblem(repeat, local) : null;
  const rrule = local ? buildRrule(repeat, local, knownZone(zone)) : null;
  const contentIssue = content.trim() === '' && files.length === 0 ? t('scheduled.field.messageEmpty') : content.length > MAX_SCHEDULED_CHARS ? t('chat.tooLong', { max: MAX_SCHEDULED_CHARS, length: content.length }) : null;
  const ask: PreviewAsk | null = local && zoneOk && !startIssue && !endIssue ? { start, timeZone: zone, rrule } : null;
  // One being changed whose times are as they were: the server's own next times, not asked again.
  const known = editing && !moved && rrule === editing.rrule ? editing.upcoming : null;
  const description = rrule && local ? describeRule(rrule, start, { time: formatWallTime, timeZone: zone }) : null;
  const quick = quickStarts(knownZone(zone), now);
  const names = dayNames('long');

  const pickQuick = (l: LocalDateTime) => {
    setDate(dateText(l));
    setTime(timeText(l.minutes));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setChecked(true);
    setError(null);
    if (contentIssue) {
      contentRef.current?.focus();
      return;
    }
    if (startIssue || !local) {
      dateRef.current?.focus();
      return;
    }
    if (!zoneOk && !theirs) {
      document.getElementById(ids.zone)?.focus();
      return;
    }
    if (endIssue) {
      formRef.current?.querySelector<HTMLElement>('[data-testid="schedule-custom"] input, [data-testid="schedule-end"] input[type="number"], [data-testid="schedule-end"] input[type="date"]')?.focus();
      return;
    }
    const draft = { content, start, timeZone: zone, rrule, recipientZone: theirs, ...(editing ? {} : { attachments: files.map((f) => f.id) }) };
    setBusy(true);
    const done = editing ? store.scheduled.edit(editing.id, draft) : store.scheduled.create(chatId, draft);
    done.then(
      (s) => {
        store.showToast(editing ? t('scheduled.saved') : t('scheduled.done', { time: s.nextAt !== null ? formatZoned(s.nextAt, own) : start }));
        onDone?.(s);
        onClose();
      },
      (err: unknown) => {
        setBusy(false);
        // A new one's refusal is the server's words; a change's may be a stale copy or one gone.
        setError(editing ? scheduledErrorText(err) : errorMessage(err));
      },
    );
  };

  const button = 'h-11 rounded-xl px-4 text-sm font-medium';
  // Today in the schedule's zone: no earlier day can be picked.
  const minDate = dateText(msToLocal(now, knownZone(zone)));
  return (
    <Modal title={editing ? t('scheduled.dialog.editTitle') : t('scheduled.dialog.title')} onClose={onClose} testId="schedule-dialog">
      <form ref={formRef} onSubmit={submit} noValidate className="scrollbar-thin flex max-h-[calc(100dvh-8rem)] flex-col gap-4 overflow-y-auto *:shrink-0 px-5 py-4">
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.content} className="text-sm font-medium">
            {files.length > 0 ? t('scheduled.field.caption') : t('scheduled.field.message')}
          </label>
          <textarea
            ref={contentRef}
            id={ids.content}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            rows={3}
            dir="auto"
            aria-invalid={checked && contentIssue ? true : undefined}
            aria-describedby={checked && contentIssue ? ids.contentError : undefined}
            data-autofocus={initialText ? undefined : true}
            className="min-h-20 resize-y rounded-xl border border-line bg-panel-2 px-3 py-2 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
            data-testid="schedule-content"
          />
          {checked && contentIssue && (
            <p id={ids.contentError} className="text-sm text-danger">
              {contentIssue}
            </p>
          )}
        </div>

        {files.length > 0 && (
          <div className="flex flex-col gap-1" data-testid="schedule-files">
            <p id={ids.files} className="text-sm font-medium">
              {t('scheduled.files.title')}
            </p>
            <ul aria-labelledby={ids.files} className="flex flex-col gap-0.5 rounded-xl bg-panel-2 px-3 py-2 text-sm">
              {files.map((f) => (
                <li key={f.id} className="flex min-w-0 items-center gap-1.5">
                  <PaperclipIcon size={14} className="shrink-0 text-muted" />
                  <span className="truncate" dir="auto">
                    {f.name}
                  </span>
                </li>
              ))}
            </ul>
            {editing && <p className="text-xs text-muted">{t('scheduled.files.fixed')}</p>}
          </div>
        )}

        <div role="group" aria-label={t('scheduled.quick.label')} className="flex flex-wrap gap-1.5" data-testid="schedule-quick">
          {quick.map((q) => {
            const label =
              q.id === 'soon'
                ? t(q.today ? 'scheduled.quick.today' : 'scheduled.quick.tomorrow', { time: formatWallTime(q.start.minutes) })
                : q.id === 'tomorrow'
                  ? t('scheduled.quick.tomorrow', { time: formatWallTime(q.start.minutes) })
                  : t('scheduled.quick.weekday', { day: names[1] ?? '', time: formatWallTime(q.start.minutes) });
            const on = date === dateText(q.start) && time === timeText(q.start.minutes);
            return (
              <button
                key={q.id}
                type="button"
                aria-pressed={on}
                onClick={() => pickQuick(q.start)}
                className={`min-h-11 rounded-full border px-3 text-sm md:min-h-9 ${on ? 'border-accent bg-accent-soft font-medium text-accent' : 'border-line hover:bg-hover'}`}
              >
                {label}
              </button>
            );
          })}
        </div>

        <div className="flex flex-col gap-1">
          <div className="grid grid-cols-2 gap-2">
            <div className="flex min-w-0 flex-col gap-1">
              <label htmlFor={ids.date} className="text-sm font-medium">
                {t('scheduled.field.date')}
              </label>
              <input
                ref={dateRef}
                id={ids.date}
                type="date"
                value={date}
                min={editing ? undefined : minDate}
                data-autofocus={initialText ? true : undefined}
                onChange={(e) => setDate(e.target.value)}
                aria-invalid={checked && startIssue ? true : undefined}
                aria-describedby={startIssue ? ids.startError : undefined}
                className={FIELD}
                data-testid="schedule-date"
              />
            </div>
            <div className="flex min-w-0 flex-col gap-1">
              <label htmlFor={ids.time} className="text-sm font-medium">
                {t('scheduled.field.time')}
              </label>
              <input
                id={ids.time}
                type="time"
                value={time}
                onChange={(e) => setTime(e.target.value)}
                aria-invalid={checked && startIssue ? true : undefined}
                aria-describedby={startIssue ? ids.startError : undefined}
                className={FIELD}
                data-testid="schedule-time"
              />
            </div>
          </div>
          {startIssue && (
            <p id={ids.startError} className="text-sm text-danger" data-testid="schedule-start-problem">
              {startIssue}
            </p>
          )}
        </div>

        {!group && chat && (
          <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl px-1 py-1 hover:bg-hover">
            <input
              type="checkbox"
              checked={recipientZone}
              onChange={(e) => setRecipientZone(e.target.checked)}
              aria-describedby={ids.recipientHint}
              className="mt-0.5 size-5 shrink-0 accent-(--p-accent)"
              data-testid="schedule-recipient-zone"
            />
            <span className="min-w-0">
              <span className="block text-[15px]">{t('scheduled.zone.recipient', { name: peerName })}</span>
              <span id={ids.recipientHint} className="block text-xs text-muted">
                {t('scheduled.zone.recipientHint', { name: peerName })}
              </span>
            </span>
          </label>
        )}
        {!theirs && <ZoneField id={ids.zone} value={zone} own={own} onChange={setZone} problem={checked && !zoneOk ? t('scheduled.zone.unknown') : null} />}

        <RepeatFields
          form={repeat}
          kinds={kinds}
          date={local}
          minEnd={local ? dateText(local) : minDate}
          onChange={setForm}
          problem={endIssue}
        />

        <SchedulePreview ask={known ? null : ask} known={known} viewerZone={own} recipient={theirs ? peerName : null} description={description} now={now} />

        {error && (
          <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="schedule-error">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={`${button} hover:bg-hover`}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            disabled={busy}
            className={`${button} bg-accent px-5 text-on-accent hover:bg-accent-strong disabled:opacity-60`}
            data-testid="schedule-submit"
          >
            {editing ? (busy ? t('scheduled.action.saving') : t('scheduled.action.save')) : busy ? t('scheduled.action.scheduling') : t('scheduled.action.schedule')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
