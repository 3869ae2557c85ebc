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
  'time.seconds_one': '{count} segundo',
  'time.seconds_other': '{count} segundos',
  'time.minutes_one': '{count} minuto',
  'time.minutes_other': '{count} minutos',
  'time.hours_one': '{count} hora',
  'time.hours_other': '{count} horas',
  'time.days_one': '{count} día',
  'time.days_other': '{count} días',
  'time.weeks_one': '{count} semana',
  'time.weeks_other': '{count} semanas',
};
