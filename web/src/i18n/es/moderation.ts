import type { moderation as en } from '../en/moderation';

export const moderation: Record<keyof typeof en, string> = {
  'moderation.held.text': 'Pendiente de revisión',
  'moderation.held.remove': 'Quitar de este dispositivo',
  'moderation.held.removeHint': 'Sigue pendiente de la revisión de un moderador y se entregará si la aprueba',
  'moderation.held.rejected': 'Rechazado por un moderador',
};
