// Spanish. Typed from the English catalogues: a missing key fails the build.
import type { Catalogue } from '../index';
import { common } from './common';
import { settings } from './settings';

export const es: Catalogue = { ...common, ...settings };
