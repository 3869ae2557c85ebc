// Strings used all over the client.
export const common = {
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.save': 'Save',
  'common.saved': 'Saved',
  'common.saving': 'Saving…',
  'common.members_one': '{count} member',
  'common.members_other': '{count} members',
} as const;
