// The auto-moderation rules of a scope: the whole server's (its staff) or a group's (its owner and
// admins; the page's group, or one chosen where the page has none). Each rule in a line (its name,
// what it matches, what it does) with a switch that turns it on and off and "Edit"; "New rule"
// opens the editor (RuleEditor). The switch moves at once; refused, it moves back and the rule's
// line says why (an alert the switch is described by). The server decides who may see and change
// them; its refusal shows in its words.
import { useEffect, useId, useMemo, useState } from 'react';

import { useAutomodRules, useChatStore, useChats, useModerationRole } from '../../app/store-context';
import { ruleActionText, ruleMatchText } from '../../client/automod';
import type { Rule } from '../../client/automod-wire';
import { errorMessage } from '../../client/errors';
import { groupTitle, isGroup } from '../../client/groups';
import { isStaff } from '../../client/moderation';
import type { User } from '../../client/types';
import { RuleEditor } from './RuleEditor';
import { t as translate, useT } from '../../i18n';

const select =
  'h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';

/** The scopes the user may choose: the server's (staff) and the groups they own or administer. */
function useScopes(chatId: string | null): Array<{ value: string; label: string }> {
  const t = useT();
  const staff = isStaff(useModerationRole().role);
  const byId = useChats((s) => s.byId);
  const left = useChats((s) => s.left);
  return useMemo(() => {
    if (chatId) return [{ value: chatId, label: byId[chatId] ? groupTitle(byId[chatId]) : t('moderation.rules.thisGroup') }];
    const groups = Object.values(byId)
      .filter((c) => isGroup(c) && !left[c.id] && (c.role === 'owner' || c.role === 'admin'))
      .map((c) => ({ value: c.id, label: groupTitle(c) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return [...(staff ? [{ value: '', label: t('moderation.rules.wholeServer') }] : []), ...groups];
  }, [chatId, byId, left, staff, t]);
}

export function RulesPanel({
  chatId,
  names,
  onAnnounce,
}: {
  /** The page's group; null: the user chooses the scope. */
  chatId: string | null;
  names: Readonly<Record<string, Pick<User, 'name'>>>;
  onAnnounce: (text: string) => void;
}) {
  const t = useT();
  const store = useChatStore();
  const view = useAutomodRules();
  const scopes = useScopes(chatId);
  const scopeId = useId();
  const headingId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  // null: the first the user may choose (the server's for staff).
  const scopeValue = chosen !== null && scopes.some((s) => s.value === chosen) ? chosen : (scopes[0]?.value ?? null);
  const scope = scopeValue === null ? undefined : scopeValue === '' ? null : scopeValue;
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  /** The last switch refused: which rule, and why. */
  const [refused, setRefused] = useState<{ id: string; text: string } | null>(null);

  useEffect(() => {
    if (scope === undefined) return;
    setEditing(null);
    setRefused(null);
    void store.automod.loadRules(scope);
  }, [store, scope]);

  const count = view.rules?.length;
  useEffect(() => {
    if (count === undefined || view.loading) return;
    onAnnounce(count === 0 ? translate('moderation.rules.none') : translate('moderation.rules.count', { count }));
  }, [count, view.loading, onAnnounce]);

  if (scope === undefined) {
    return (
      <p className="rounded-2xl border border-line bg-panel p-6 text-center text-sm text-muted" data-testid="rules-no-scope">
        {t('moderation.rules.noScope')}
      </p>
    );
  }

  const rules = view.scope === scope ? view.rules : null;
  // Moves at once (store.automod.setEnabled); said once the server keeps it.
  const toggle = (rule: Rule) => {
    if (view.busy[rule.id]) return;
    setRefused(null);
    const on = !rule.enabled;
    store.automod.setEnabled(rule, on).then(
      (sent) => sent && onAnnounce(translate(on ? 'moderation.rules.on' : 'moderation.rules.off', { name: rule.name })),
      (err: unknown) =>
        setRefused({ id: rule.id, text: translate(on ? 'moderation.rules.switchOnFailed' : 'moderation.rules.switchOffFailed', { name: rule.name, error: errorMessage(err) }) }),
    );
  };
  const focusLater = (selector: string) => requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());

  return (
    <div className="flex flex-col gap-4">
      {!chatId && (
        <div className="flex flex-col gap-1">
          <label htmlFor={scopeId} className="text-xs font-semibold tracking-wide text-muted uppercase">
            {t('moderation.rules.of')}
          </label>
          <select id={scopeId} value={scopeValue ?? ''} onChange={(e) => setChosen(e.target.value)} className={`${select} sm:max-w-md`}>
            {scopes.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {editing !== null ? (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          scope={scope}
          rule={editing === 'new' ? null : editing}
          names={names}
          onClose={() => {
            const id = editing === 'new' ? null : editing.id;
            setEditing(null);
            focusLater(id ? `[data-rule-id="${CSS.escape(id)}"] [data-edit]` : '[data-new-rule]');
          }}
          onDone={(said, rule) => {
            onAnnounce(said);
            setEditing(null);
            focusLater(rule ? `[data-rule-id="${CSS.escape(rule.id)}"] [data-edit]` : `#${CSS.escape(headingId)}`);
          }}
        />
      ) : (
        <section aria-labelledby={headingId} className="flex flex-col gap-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id={headingId} tabIndex={-1} className="text-sm font-semibold outline-none">
              {t('moderation.rules.title')}
            </h3>
            <button
              type="button"
              data-new-rule
              onClick={() => setEditing('new')}
              disabled={!rules}
              className="h-11 rounded-xl bg-accent px-4 text-sm font-medium text-on-accent hover:opacity-90 disabled:opacity-60"
            >
              {t('moderation.rules.new')}
            </button>
          </div>
          <p className="text-sm text-muted">
            {scope ? t('moderation.rules.hintGroup') : t('moderation.rules.hintServer')}
          </p>
          {!rules ? (
            view.error && view.scope === scope ? (
              <div role="alert" className="flex flex-col items-start gap-2 rounded-2xl border border-line bg-panel p-4 text-sm" data-testid="rules-error">
                <p className="text-danger">{t('moderation.rules.loadFailed', { error: view.error })}</p>
                <button type="button" onClick={() => void store.automod.loadRules(scope)} className="h-11 rounded-xl bg-panel-2 px-4 font-medium hover:bg-hover">
                  {t('moderation.tryAgain')}
                </button>
              </div>
            ) : (
              <p className="text-sm text-muted" role="status">
                {t('moderation.rules.loading')}
              </p>
            )
          ) : rules.length === 0 ? (
            <p className="rounded-2xl border border-line bg-panel p-6 text-center text-sm text-muted" data-testid="rules-empty">
              {t('moderation.rules.empty')}
            </p>
          ) : (
            <ul aria-label={t('moderation.tab.rules')} className="flex flex-col divide-y divide-line rounded-2xl border border-line bg-panel">
              {rules.map((r) => (
                <RuleRow
                  key={r.id}
                  rule={r}
                  busy={view.busy[r.id] === true}
                  error={refused?.id === r.id ? refused.text : null}
                  onToggle={() => toggle(r)}
                  onEdit={() => setEditing(r)}
                />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function RuleRow({
  rule,
  busy,
  error,
  onToggle,
  onEdit,
}: {
  rule: Rule;
  /** Its switch is on its way to the server: it shows where it goes, and waits. */
  busy: boolean;
  /** Why its last switch was refused. */
  error: string | null;
  onToggle: () => void;
  onEdit: () => void;
}) {
  const t = useT();
  const nameId = useId();
  const detailId = useId();
  const errorId = useId();
  return (
    <li className="flex flex-wrap items-center gap-2 px-4 py-3" data-testid="rule" data-rule-id={rule.id}>
      <div className="min-w-0 flex-1 text-sm">
        <p id={nameId} className="flex flex-wrap items-center gap-x-2 font-medium break-words">
          <bdi>{rule.name}</bdi>
          {!rule.enabled && <span className="rounded-full bg-panel-2 px-2 py-0.5 text-xs font-semibold text-muted">{t('moderation.rules.offBadge')}</span>}
        </p>
        <p id={detailId} className="break-words text-muted [overflow-wrap:anywhere]">
          {ruleMatchText(rule)} · {ruleActionText(rule)}
        </p>
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={rule.enabled}
        aria-labelledby={nameId}
        aria-describedby={error ? `${detailId} ${errorId}` : detailId}
        // Not disabled while on its way: it keeps the focus, and a second press waits for the first.
        aria-busy={busy || undefined}
        onClick={onToggle}
        data-testid="rule-switch"
        className="inline-flex h-11 w-14 shrink-0 items-center justify-center rounded-full"
      >
        <span
          aria-hidden="true"
          className={`relative inline-flex h-7 w-12 items-center rounded-full border transition-colors ${rule.enabled ? 'border-accent bg-accent' : 'border-line bg-panel-2'}`}
        >
          <span
            className={`absolute top-0.5 inline-flex size-[22px] items-center justify-center rounded-full text-[11px] font-bold shadow transition-transform ${
              rule.enabled ? 'translate-x-[22px] bg-on-accent text-accent' : 'translate-x-0.5 bg-muted text-panel'
            }`}
          >
            {rule.enabled ? '✓' : ''}
          </span>
        </span>
      </button>
      <button
        type="button"
        data-edit
        onClick={onEdit}
        aria-label={t('moderation.rules.edit', { name: rule.name })}
        className="h-11 shrink-0 rounded-xl bg-panel-2 px-4 text-sm font-medium hover:bg-hover"
      >
        {t('moderation.rules.editButton')}
      </button>
      {error && (
        <p id={errorId} role="alert" className="basis-full rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="rule-error">
          {error}
        </p>
      )}
    </li>
  );
}
