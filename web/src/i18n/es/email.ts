import type { email as en } from '../en/email';

export const email: Record<keyof typeof en, string> = {
  'email.stopped.title': 'Resúmenes por correo desactivados',
  'email.stopped.text': 'Parley ya no te enviará correos sobre mensajes sin leer.',
  'email.stopped.hint': 'Puedes volver a activarlos en Notificaciones, en el menú de tu cuenta.',
  'email.open': 'Abrir Parley',
  'email.stop.title': '¿Dejar de recibir resúmenes por correo?',
  'email.stop.question': 'Parley te envía correos sobre los mensajes que siguen sin leer un tiempo. ¿Dejar de enviarlos a la cuenta a la que se envió este enlace?',
  'email.incomplete': 'Este enlace no está completo. Vuelve a abrir el enlace del correo.',
  'email.stop.failed': 'No se pudieron desactivar: {error}',
  'email.stop.stopping': 'Desactivando…',
  'email.stop.button': 'Dejar de recibir resúmenes',
  'email.stop.keep': 'Mantenerlos y abrir Parley',
  'email.verify.verifying': 'Verificando tu dirección',
  'email.verify.moment': 'Un momento…',
  'email.verify.done': 'Dirección verificada',
  'email.verify.result': 'Tu dirección {email} está verificada.',
  'email.verify.hint': 'Parley ya puede enviarte correos sobre los mensajes que sigan sin leer. Desactívalo o elige cuándo en Notificaciones, en el menú de tu cuenta.',
  'email.verify.failed': 'Este enlace no funcionó',
  'email.verify.newLink': 'Puedes pedir un enlace nuevo en Notificaciones, en el menú de tu cuenta.',
  'email.tryAgain': 'Reintentar',
  'email.back': 'Volver a Parley',
};
