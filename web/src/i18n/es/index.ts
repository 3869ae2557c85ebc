// Spanish. Typed from the English catalogues: a missing key fails the build.
import type { Catalogue } from '../index';
import { auth } from './auth';
import { common } from './common';
import { time } from './time';

export const es: Catalogue = {
  ...common,
  ...time,
  ...auth,
};
