// Sign-in and registration: one card, two modes, inline validation on blur and submit, the
// server's error in an alert, and the reason the user was signed out (expired session).
import { useId, useRef, useState, type FormEvent, type MouseEvent, type ReactNode, type Ref } from 'react';

import { ApiError, errorMessage } from '../../client/errors';
import { useChatStore, useSession } from '../../app/store-context';
import { afterSignIn, navigate, pendingInvite, routePath } from '../../app/router';
import { ChatBubblesIcon, EyeIcon, EyeOffIcon } from '../../shared/icons';
import { t as translate, useT } from '../../i18n';
import { PasswordStrength, usePasswordRules } from './PasswordStrength';
import { validate, type AuthFields, type FieldErrors } from './validation';

/** The 409 answer: the form shows it with a link to the sign-in page. */
const TAKEN = 409;

function serverMessage(err: unknown, registering: boolean): string {
  if (err instanceof ApiError) {
    if (err.isNetwork) return err.message;
    if (err.status === 401) return translate('auth.wrongPassword');
    if (err.status === 409) return translate('auth.taken');
    if (err.status === 429) return translate('auth.tooManyAttempts');
    if (err.status >= 500) return translate('auth.serverFailed');
    return err.message;
  }
  return registering ? translate('auth.registerFailed', { error: errorMessage(err) }) : errorMessage(err);
}

interface FieldProps {
  label: string;
  name: keyof AuthFields;
  type: string;
  value: string;
  error: string | undefined;
  autoComplete: string;
  hint?: string;
  describedBy?: string;  // another element that describes the input (the strength meter)
  onChange: (v: string) => void;
  onBlur: () => void;
  inputRef?: Ref<HTMLInputElement>;
  /** A control shown inside the input, at its end (the show-password toggle). */
  end?: ReactNode;
}

function Field({ label, name, type, value, error, autoComplete, hint, describedBy, onChange, onBlur, inputRef, end }: FieldProps) {
  const id = useId();
  const described = [error ? `${id}-error` : hint ? `${id}-hint` : undefined, describedBy].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="relative flex">
      <input
        ref={inputRef}
        id={id}
        name={name}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        className={`h-11 min-w-0 flex-1 rounded-xl border bg-panel px-3.5 text-[15px] outline-none transition placeholder:text-muted focus:border-accent focus:ring-3 focus:ring-accent/20 ${
          error ? 'border-danger' : 'border-line'
        } ${end ? 'pe-12' : ''}`}
      />
      {end}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-danger">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function AuthPage({ mode }: { mode: 'login' | 'register' }) {
  const t = useT();
  const store = useChatStore();
  const notice = useSession((s) => s.notice);
  const registering = mode === 'register';
  const [fields, setFields] = useState<AuthFields>({ email: '', name: '', password: '' });
  const [touched, setTouched] = useState<Partial<Record<keyof AuthFields, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ text: string; status: number } | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const refs = {
    email: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const rules = usePasswordRules(registering);
  const strengthId = useId();
  const errors: FieldErrors = validate(fields, registering, rules.common);
  const shown = (k: keyof AuthFields) => (submitted || touched[k] ? errors[k] : undefined);
  const set = (k: keyof AuthFields) => (v: string) => {
    setFields((f) => ({ ...f, [k]: v }));
    setFailure(null);
  };
  const blur = (k: keyof AuthFields) => () => setTouched((was) => ({ ...was, [k]: true }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    const order: Array<keyof AuthFields> = registering ? ['name', 'email', 'password'] : ['email', 'password'];
    const firstBad = order.find((k) => errors[k]);
    if (firstBad) {
      refs[firstBad].current?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      if (registering) await store.register(fields.email, fields.name, fields.password);
      else await store.login(fields.email, fields.password);
      afterSignIn();
    } catch (err) {
      setFailure({ text: serverMessage(err, registering), status: err instanceof ApiError ? err.status : 0 });
      setBusy(false);
    }
  }

  /** The link to the other form: a real link (new tab, copy address), followed in place. */
  function switchMode(e: MouseEvent<HTMLAnchorElement>) {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    store.dismissNotice();
    setFailure(null);
    setSubmitted(false);
    setTouched({});
    navigate({ name: registering ? 'login' : 'register' });
  }
  const otherMode = routePath({ name: registering ? 'login' : 'register' });
  // An invite link opened signed out: it opens again once signed in.
  const [invited] = useState(() => pendingInvite() !== null);
  const linkClass = 'inline-block py-2.5 font-medium text-accent underline-offset-2 hover:underline md:py-0';

  return (
    <main className="flex min-h-full items-center justify-center px-4 py-10">
      <div className="w-full max-w-[400px]">
        <div className="mb-7 flex flex-col items-center gap-3 text-center">
          <span className="inline-flex size-14 items-center justify-center rounded-2xl bg-accent text-on-accent shadow-soft">
            <ChatBubblesIcon size={30} />
          </span>
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">
              {registering ? t('auth.register.title') : t('auth.login.title')}
            </h1>
            <p className="mt-1 text-sm text-muted">
              {registering ? t('auth.register.subtitle') : t('auth.login.subtitle')}
            </p>
          </div>
        </div>

        <form
          noValidate
          onSubmit={submit}
          aria-label={registering ? t('auth.createAccount') : t('auth.signIn')}
          className="flex flex-col gap-4 rounded-2xl border border-line bg-panel p-6 shadow-soft"
        >
          {invited && (
            <p className="rounded-xl bg-accent-soft px-3.5 py-2.5 text-sm" data-testid="invite-pending">
              {registering ? t('auth.register.invitePending') : t('auth.login.invitePending')}
            </p>
          )}
          {notice && !registering && (
            <div role="status" className="rounded-xl border border-warn/40 bg-warn/10 px-3.5 py-2.5 text-sm">
              {notice}
            </div>
          )}
          {failure && (
            <div role="alert" className="rounded-xl bg-danger-soft px-3.5 py-2.5 text-sm text-danger">
              {failure.text}
              {failure.status === TAKEN && (
                <>
                  {' '}
                  <a href={otherMode} onClick={switchMode} className="font-medium underline underline-offset-2">
                    {t('auth.signInInstead')}
                  </a>
                </>
              )}
            </div>
          )}
          {registering && (
            <Field
              label={t('auth.name')}
              name="name"
              type="text"
              value={fields.name}
              error={shown('name')}
              autoComplete="name"
              onChange={set('name')}
              onBlur={blur('name')}
              inputRef={refs.name}
            />
          )}
          <Field
            label={t('auth.email')}
            name="email"
            type="email"
            value={fields.email}
            error={shown('email')}
            autoComplete={registering ? 'email' : 'username'}
            onChange={set('email')}
            onBlur={blur('email')}
            inputRef={refs.email}
          />
          <Field
            label={t('auth.password')}
            name="password"
            type={showPassword ? 'text' : 'password'}
            value={fields.password}
            error={shown('password')}
            autoComplete={registering ? 'new-password' : 'current-password'}
            hint={registering ? t('auth.passwordHint') : undefined}
            describedBy={registering ? strengthId : undefined}
            onChange={set('password')}
            onBlur={blur('password')}
            inputRef={refs.password}
            end={
              <button
                type="button"
                aria-label={t('auth.showPassword')}
                aria-pressed={showPassword}
                title={showPassword ? t('auth.hidePassword') : t('auth.showPassword')}
                onClick={() => setShowPassword((v) => !v)}
                className="absolute inset-y-0 end-0 inline-flex w-11 items-center justify-center rounded-e-xl text-muted hover:text-fg"
              >
                {showPassword ? <EyeOffIcon size={18} /> : <EyeIcon size={18} />}
              </button>
            }
          />
          {registering && (
            <PasswordStrength
              id={strengthId}
              password={fields.password}
              userInputs={[fields.email, fields.name].filter(Boolean)}
              rules={rules}
            />
          )}
          <button
            type="submit"
            disabled={busy}
            className="mt-1 h-11 rounded-xl bg-accent font-medium text-on-accent transition hover:bg-accent-strong disabled:opacity-60"
          >
            {busy ? (registering ? t('auth.creatingAccount') : t('auth.signingIn')) : registering ? t('auth.createAccount') : t('auth.signIn')}
          </button>
        </form>

        <p className="mt-5 text-center text-sm text-muted">
          {registering ? t('auth.haveAccount') : t('auth.newHere')}{' '}
          <a href={otherMode} onClick={switchMode} className={linkClass}>
            {registering ? t('auth.signIn') : t('auth.createAnAccount')}
          </a>
        </p>
      </div>
    </main>
  );
}
