// English, the source of every string. Each area's catalogue is its own file, its keys prefixed
// by the area's name.
import { auth } from './auth';
import { common } from './common';
import { time } from './time';

export const en = {
  ...common,
  ...time,
  ...auth,
} as const;

export type MessageKey = keyof typeof en;
