// English, the source of every string. Each area's catalogue is its own file, its keys prefixed
// by the area's name.
import { common } from './common';

export const en = { ...common } as const;

export type MessageKey = keyof typeof en;
