// Times and presence: the day separators, the chat list's times, "last seen".
export const time = {
  'time.today': 'Today',
  'time.yesterday': 'Yesterday',
  'time.online': 'online',
  'time.lastSeenJustNow': 'last seen just now',
  'time.lastSeenToday': 'last seen today at {time}',
  'time.lastSeenYesterday': 'last seen yesterday at {time}',
  'time.lastSeenOn': 'last seen {date} at {time}',
  'time.lastSeenOnDate': 'last seen {date}',
} as const;
