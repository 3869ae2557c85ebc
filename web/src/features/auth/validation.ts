// Client-side checks that mirror the server's rules (server/chat/account_rules.cpp and
// password_rules.cpp), so most mistakes are caught before a round trip; the server's answer is
// still shown when it disagrees (for example about letters of mixed scripts in an email).
import { t } from '../../i18n';
import { passwordProblem } from './password';

export interface AuthFields {
  email: string;
  name: string;
  password: string;
}

export type FieldErrors = Partial<Record<keyof AuthFields, string>>;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Characters the server refuses in emails and names: controls, invisible format characters
// (zero-width spaces and joiners, BOM, ...), text-direction controls and separators. Names may
// keep variation selectors, which pick how an emoji is drawn.
// Each combining mark is matched on its own, on purpose (the lint's worry does not apply).
// oxlint-disable-next-line no-misleading-character-class
const HIDDEN_RE = /[\p{Cc}\p{Cf}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0\u180b-\u180f\ufe00-\ufe0f]/u;
// oxlint-disable-next-line no-misleading-character-class
const HIDDEN_IN_NAME_RE = /[\p{Cc}\p{Cf}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0\u180b-\u180d\u180f]/u;

/** The first character `re` finds in `text`, as U+XXXX, or undefined. */
function hiddenCharacter(text: string, re: RegExp): string | undefined {
  const found = re.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function validateEmail(email: string): string | undefined {
  const e = email.trim();
  if (!e) return t('auth.email.missing');
  const hidden = hiddenCharacter(e, HIDDEN_RE);
  if (hidden) return t('auth.email.hidden', { char: hidden });
  if (!EMAIL_RE.test(e)) return t('auth.email.invalid');
  return undefined;
}

export function validateName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return t('auth.name.missing');
  if ([...n].length > 64) return t('auth.name.tooLong', { max: 64 });
  const hidden = hiddenCharacter(n, HIDDEN_IN_NAME_RE);
  if (hidden) return t('auth.name.hidden', { char: hidden });
  return undefined;
}

/** `common`: the common-password list once loaded (password.ts); null until then. */
export function validatePassword(
  password: string,
  registering: boolean,
  common: ReadonlySet<string> | null = null,
): string | undefined {
  if (!password) return t('auth.password.missing');
  if (!registering) return undefined;
  if ([...password].length < 8) return t('auth.password.tooShort', { min: 8 });
  if ([...password].length > 256) return t('auth.password.tooLong', { max: 256 });
  return passwordProblem(password, common);
}

export function validate(fields: AuthFields, registering: boolean, common: ReadonlySet<string> | null = null): FieldErrors {
  const errors: FieldErrors = {};
  const email = validateEmail(fields.email);
  if (email) errors.email = email;
  if (registering) {
    const name = validateName(fields.name);
    if (name) errors.name = name;
  }
  const password = validatePassword(fields.password, registering, common);
  if (password) errors.password = password;
  return errors;
}
