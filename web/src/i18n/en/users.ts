// The people directory (New chat).
export const users = {
  'users.title': 'People',
  'users.newChat': 'New chat',
  'users.search': 'Search people',
  'users.count': '{count} people',
  'users.countMore': '{count} or more people',
  'users.list': 'People on this server',
  'users.noMatch': 'Nobody matches that search.',
  'users.empty': 'Nobody else is here yet. Invite someone to register!',
  'users.chatWith': 'Chat with',
  'users.loadFailed': 'Could not load people: {error}',
  'users.more': 'Show more people',
} as const;
