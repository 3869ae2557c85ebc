import type { app as en } from '../en/app';

export const app: Record<keyof typeof en, string> = {
  'app.pickChat': 'Elige un chat',
  'app.pickChatHint': 'Elige una conversación a la izquierda o empieza una nueva con el botón de arriba.',
  'app.dismiss': 'Descartar',
  'app.connection.connecting': 'Conectando…',
  'app.connection.connected': 'Conectado',
  'app.connection.reconnecting': 'Reconectando…',
  'app.connection.offline': 'Sin conexión',
  'app.notice.newMessage': 'Mensaje nuevo',
  'app.notice.from': '{name}: {text}',
  'app.notice.mentionsYou': 'Te menciona · {text}',
  'app.notice.newMessages': '{count} mensajes nuevos',
};
