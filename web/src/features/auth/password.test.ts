import { describe, expect, it } from 'vitest';

import {
  blankPasswordMessage,
  commonPasswordMessage,
  commonKey,
  loadCommonPasswords,
  loadEstimator,
  parseCommonPasswords,
  passwordProblem,
  strengthOf,
} from './password';
import { validate } from './validation';

describe('password rules', () => {
  const common = parseCommonPasswords('# a comment\npassword\nqwertyuiop\n\n');

  it('reads the list without its comments', () => {
    expect([...common]).toEqual(['password', 'qwertyuiop']);
  });

  it('refuses common passwords in any case, spelling width and padding, with the server words', () => {
    for (const p of ['password', 'PassWord', ' password ', 'ｐａｓｓｗｏｒｄ']) {
      expect(passwordProblem(p, common)).toBe(commonPasswordMessage());
    }
    expect(commonKey(' QWERTYuiop\t')).toBe('qwertyuiop');
    expect(passwordProblem('correct horse battery', common)).toBeUndefined();
  });

  it('refuses white space only, even before the list has loaded', () => {
    expect(passwordProblem('        ', null)).toBe(blankPasswordMessage());
    expect(passwordProblem('\t\u3000      ', null)).toBe(blankPasswordMessage());
    expect(passwordProblem('password', null)).toBeUndefined();
  });

  it('loads the list the server ships', async () => {
    const list = await loadCommonPasswords();
    expect(list.size).toBeGreaterThan(4000);
    expect([...list].every((p) => p.length >= 8 && p === p.toLowerCase() && !p.startsWith('#'))).toBe(true);
    for (const p of ['password', 'password1', '12345678', 'iloveyou']) expect(list.has(p)).toBe(true);
    // Passwords the tests and load generators use must stay allowed.
    for (const p of ['correct horse battery', 'bench-password-1', 'loadgen-pass-1']) expect(list.has(commonKey(p))).toBe(false);
  });

  it('validate() reports the refusal on the password field when registering only', async () => {
    const list = await loadCommonPasswords();
    const fields = { email: 'ann@example.com', name: 'Ann', password: 'Password1' };
    expect(validate(fields, true, list).password).toBe(commonPasswordMessage());
    expect(validate(fields, false, list).password).toBeUndefined();
    expect(validate({ ...fields, password: '        ' }, true, list).password).toBe(blankPasswordMessage());
  });
});

describe('password strength', () => {
  it('maps scores to Weak, Fair and Strong, refused passwords always Weak', () => {
    expect([0, 1, 2, 3, 4].map((s) => strengthOf(s, false))).toEqual(['Weak', 'Weak', 'Fair', 'Strong', 'Strong']);
    expect(strengthOf(4, true)).toBe('Weak');
  });

  it('estimates with zxcvbn: common and keyboard patterns are weak, long passphrases strong', async () => {
    const estimate = await loadEstimator();
    expect(estimate('password1', [])).toBeLessThanOrEqual(1);
    expect(estimate('qwertyuiop', [])).toBeLessThanOrEqual(1);
    expect(estimate('ann.lee@example.com', ['ann.lee@example.com', 'Ann Lee'])).toBeLessThanOrEqual(1);
    expect(estimate('violet tractor pebble 41 moonlight', [])).toBeGreaterThanOrEqual(3);
  });
});

describe('hidden characters in email and name', () => {
  it('refuses zero-width, control and direction characters, naming them', () => {
    const base = { email: 'ann@example.com', name: 'Ann', password: 'correct horse battery' };
    expect(validate({ ...base, email: 'ann@example.com\u200b' }, true).email).toMatch(/U\+200B/);
    expect(validate({ ...base, email: 'an\u0000n@example.com' }, true).email).toMatch(/U\+0000/);
    expect(validate({ ...base, name: 'evil\u202etxt.exe' }, true).name).toMatch(/U\+202E/);
    expect(validate({ ...base, name: 'bell\u0007' }, true).name).toMatch(/U\+0007/);
    expect(validate({ ...base, name: 'Ann \u2764\ufe0f' }, true)).toEqual({});
  });
});
