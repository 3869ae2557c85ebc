// Notifications: what a chat notifies about and its mutes, the Notifications dialog, keywords, Do not disturb, push devices, email digests.
export const notifications = {
  'notifications.level.all': 'All messages',
  'notifications.level.mentions': 'Mentions only',
  'notifications.level.nothing': 'Nothing',
  'notifications.mute.hour': 'For 1 hour',
  'notifications.mute.hours8': 'For 8 hours',
  'notifications.mute.week': 'For 1 week',
  'notifications.mute.always': 'Always',
  'notifications.state.muted': 'Muted',
  'notifications.state.mutedUntil': 'Muted until {until}',
  'notifications.state.off': 'Notifications off',
  'notifications.state.mentions': 'Mentions only',
  'notifications.keyword.length': 'A keyword has {min} to {max} characters.',
  'notifications.keyword.exists': '“{word}” is a keyword already.',
  'notifications.keyword.tooMany': 'You can have at most {max} keywords.',
} as const;
