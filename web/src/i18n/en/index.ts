// English, the source of every string. Each area's catalogue is its own file, its keys prefixed
// by the area's name.
import { common } from './common';
import { settings } from './settings';

export const en = { ...common, ...settings } as const;

export type MessageKey = keyof typeof en;
