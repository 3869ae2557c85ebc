import { describe, expect, it } from 'vitest';

import { validate } from './validation';

describe('auth form validation', () => {
  it('asks for every field when registering', () => {
    expect(validate({ email: '', name: ' ', password: '' }, true)).toEqual({
      email: 'Enter your email address.',
      name: 'Enter your name.',
      password: 'Enter your password.',
    });
  });

  it('checks the email shape and the password length the server requires', () => {
    const e = validate({ email: 'nope', name: 'Ann', password: 'short' }, true);
    expect(e.email).toMatch(/email/);
    expect(e.password).toMatch(/8/);
    expect(validate({ email: 'ann@example.com', name: 'Ann', password: 'long enough' }, true)).toEqual({});
  });

  it('does not judge the length of a login password', () => {
    expect(validate({ email: 'ann@example.com', name: '', password: 'x' }, false)).toEqual({});
  });
});
