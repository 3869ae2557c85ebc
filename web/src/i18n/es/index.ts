// Spanish. Typed from the English catalogues: a missing key fails the build.
import type { Catalogue } from '../core';
import { auth } from './auth';
import { common } from './common';
import { time } from './time';
import { chat } from './chat';
import { account } from './account';
import { moderation } from './moderation';
import { notifications } from './notifications';
import { chats } from './chats';
import { app } from './app';
import { files } from './files';
import { groups } from './groups';
import { emoji } from './emoji';
import { email } from './email';
import { users } from './users';
import { reactions } from './reactions';
import { search } from './search';
import { switcher } from './switcher';
import { settings } from './settings';
import { keys } from './keys';
import { scheduled } from './scheduled';
import { templates } from './templates';
import { dataExports } from './exports';

export const es: Catalogue = {
  ...common,
  ...time,
  ...auth,
  ...chat,
  ...account,
  ...moderation,
  ...notifications,
  ...chats,
  ...app,
  ...files,
  ...groups,
  ...emoji,
  ...email,
  ...users,
  ...reactions,
  ...search,
  ...switcher,
  ...settings,
  ...keys,
  ...scheduled,
  ...templates,
  ...dataExports,
};
