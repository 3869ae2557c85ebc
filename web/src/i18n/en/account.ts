// The account menu and its dialogs: profile, privacy, blocked people, reports, log out.
export const account = {
  'account.block.thisPerson': 'this person',
  'account.block.title': 'Block {name}?',
  'account.block.consequence': 'They will not be able to message you or see when you are online.',
  'account.block.notice': 'You blocked {name}.',
  'account.block.failed': 'Could not block: {error}',
  'account.unblock.failed': 'Could not unblock: {error}',
} as const;
