// Client-side checks that mirror the server's rules (server/chat/auth.cpp), so most mistakes
// are caught before a round trip; the server's answer is still shown when it disagrees.

export interface AuthFields {
  email: string;
  name: string;
  password: string;
}

export type FieldErrors = Partial<Record<keyof AuthFields, string>>;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(email: string): string | undefined {
  const e = email.trim();
  if (!e) return 'Enter your email address.';
  if (!EMAIL_RE.test(e)) return 'That does not look like an email address.';
  return undefined;
}

export function validateName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Enter your name.';
  if ([...n].length > 64) return 'Use at most 64 characters.';
  return undefined;
}

export function validatePassword(password: string, registering: boolean): string | undefined {
  if (!password) return 'Enter your password.';
  if (registering && [...password].length < 8) return 'Use at least 8 characters.';
  if (registering && [...password].length > 256) return 'Use at most 256 characters.';
  return undefined;
}

export function validate(fields: AuthFields, registering: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const email = validateEmail(fields.email);
  if (email) errors.email = email;
  if (registering) {
    const name = validateName(fields.name);
    if (name) errors.name = name;
  }
  const password = validatePassword(fields.password, registering);
  if (password) errors.password = password;
  return errors;
}
