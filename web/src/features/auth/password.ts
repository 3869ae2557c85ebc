// The password rules of registration, mirroring the server's (server/chat/password_rules.cpp):
// not only white space, and not one of the common passwords of the list the server ships
// (server/chat/common_passwords.txt, the same file), with the server's words. Also the
// strength shown by the meter, estimated by zxcvbn-ts. The list and the estimator are large,
// so both are loaded on demand: only the registration form pays for them.

import { t } from '../../i18n';

export const commonPasswordMessage = () => t('auth.password.common');
export const blankPasswordMessage = () => t('auth.password.blank');

/** The lines of the common-password list that are entries (not comments), lower-case. */
export function parseCommonPasswords(text: string): Set<string> {
  const set = new Set<string>();
  for (const line of text.split('\n')) {
    if (line && !line.startsWith('#')) set.add(line);
  }
  return set;
}

/** How the server compares: NFKC, any letter case, white space around ignored. */
export function commonKey(password: string): string {
  return password.normalize('NFKC').toLowerCase().trim();
}

/** The server's refusal of `password` beyond its length, or undefined. `common` may still be loading. */
export function passwordProblem(password: string, common: ReadonlySet<string> | null): string | undefined {
  if (password.length > 0 && /^\s+$/u.test(password)) return blankPasswordMessage();
  if (common?.has(commonKey(password))) return commonPasswordMessage();
  return undefined;
}

let commonList: Promise<ReadonlySet<string>> | null = null;

/** The common-password list, fetched once as its own chunk. */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonList ??= import('../../../../server/chat/common_passwords.txt?raw').then((m) => parseCommonPasswords(m.default));
  return commonList;
}

export type Strength = 'Weak' | 'Fair' | 'Strong';

/**
 * What the meter shows for a zxcvbn score (0 to 4): a common or refused password is Weak
 * whatever its score, since the server will refuse it.
 */
export function strengthOf(score: number, refused: boolean): Strength {
  if (refused || score <= 1) return 'Weak';
  return score === 2 ? 'Fair' : 'Strong';
}

export type Estimator = (password: string, userInputs: string[]) => number;

let estimator: Promise<Estimator> | null = null;

/** zxcvbn-ts with its common dictionaries and keyboard graphs, loaded once on first use. */
export function loadEstimator(): Promise<Estimator> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => {
      const zxcvbn = new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary },
        graphs: common.adjacencyGraphs,
      });
      return (password, userInputs) => zxcvbn.check(password, userInputs).score;
    },
  );
  return estimator;
}
