import type { notifications as en } from '../en/notifications';

export const notifications: Record<keyof typeof en, string> = {
  'notifications.level.all': 'Todos los mensajes',
  'notifications.level.mentions': 'Solo menciones',
  'notifications.level.nothing': 'Nada',
  'notifications.mute.hour': 'Durante 1 hora',
  'notifications.mute.hours8': 'Durante 8 horas',
  'notifications.mute.week': 'Durante 1 semana',
  'notifications.mute.always': 'Siempre',
  'notifications.state.muted': 'Silenciado',
  'notifications.state.mutedUntil': 'Silenciado hasta {until}',
  'notifications.state.off': 'Notificaciones desactivadas',
  'notifications.state.mentions': 'Solo menciones',
  'notifications.keyword.length': 'Una palabra clave tiene de {min} a {max} caracteres.',
  'notifications.keyword.exists': '«{word}» ya es una palabra clave.',
  'notifications.keyword.tooMany': 'Puedes tener como máximo {max} palabras clave.',
};
