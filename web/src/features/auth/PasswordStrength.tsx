// The strength meter under the password of the registration form: four bars and a word (Weak,
// Fair, Strong) that screen readers hear as it changes. The common-password list and the
// zxcvbn-ts estimator load when the form opens (usePasswordRules); until then nothing shows.
import { useEffect, useState } from 'react';

import { useT } from '../../i18n';
import { loadCommonPasswords, loadEstimator, passwordProblem, strengthOf, type Estimator, type Strength } from './password';

export interface PasswordRules {
  common: ReadonlySet<string> | null;  // null while loading
  estimate: Estimator | null;          // null while loading
}

/** Loads the list and the estimator when `enabled` (the registration form), once per page. */
export function usePasswordRules(enabled: boolean): PasswordRules {
  const [rules, setRules] = useState<PasswordRules>({ common: null, estimate: null });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    // A failed load (offline) leaves the checks to the server, which says the same.
    loadCommonPasswords().then((common) => live && setRules((r) => ({ ...r, common })), () => {});
    loadEstimator().then((estimate) => live && setRules((r) => ({ ...r, estimate })), () => {});
    return () => {
      live = false;
    };
  }, [enabled]);
  return rules;
}

const BAR_COLOUR: Record<Strength, string> = { Weak: 'bg-danger', Fair: 'bg-warn', Strong: 'bg-online' };
const TEXT_COLOUR: Record<Strength, string> = { Weak: 'text-danger', Fair: 'text-warn', Strong: 'text-online' };
const WORD = { Weak: 'auth.strength.weak', Fair: 'auth.strength.fair', Strong: 'auth.strength.strong' } as const;

interface Props {
  id: string;  // of the text, for the input's aria-describedby
  password: string;
  userInputs: string[];  // the email and name: a password made of them is weak
  rules: PasswordRules;
}

export function PasswordStrength({ id, password, userInputs, rules }: Props) {
  const t = useT();
  const { estimate, common } = rules;
  const score = password && estimate ? Math.max(0, Math.min(4, estimate(password, userInputs))) : null;
  const refused = passwordProblem(password, common) !== undefined;
  const strength = score === null ? null : strengthOf(score, refused);
  const filled = score === null ? 0 : refused ? 1 : Math.max(1, score);
  return (
    <div className="flex items-center gap-3" data-testid="password-strength">
      <div
        role="meter"
        aria-label={t('auth.strength')}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score === null ? 0 : refused ? 0 : score}
        aria-valuetext={strength ? t(WORD[strength]) : t('auth.strength.notRated')}
        className={`grid flex-1 grid-cols-4 gap-1 ${strength ? '' : 'invisible'}`}
      >
        {[1, 2, 3, 4].map((bar) => (
          <span
            key={bar}
            className={`h-1.5 rounded-full motion-safe:transition-colors ${strength && bar <= filled ? BAR_COLOUR[strength] : 'bg-line'}`}
          />
        ))}
      </div>
      <p id={id} aria-live="polite" className={`min-w-[9.5rem] text-end text-xs ${strength ? TEXT_COLOUR[strength] : 'text-muted'}`}>
        {strength ? (
          <>
            {t('auth.strength.label')}<span className="font-semibold">{t(WORD[strength])}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}
