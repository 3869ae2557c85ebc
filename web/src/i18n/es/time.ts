import type { time as en } from '../en/time';

export const time: Record<keyof typeof en, string> = {
  'time.today': 'Hoy',
  'time.yesterday': 'Ayer',
  'time.online': 'en línea',
  'time.lastSeenJustNow': 'últ. vez hace un momento',
  'time.lastSeenToday': 'últ. vez hoy a las {time}',
  'time.lastSeenYesterday': 'últ. vez ayer a las {time}',
  'time.lastSeenOn': 'últ. vez el {date} a las {time}',
  'time.lastSeenOnDate': 'últ. vez el {date}',
};
