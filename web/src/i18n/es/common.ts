import type { common as en } from '../en/common';

export const common: Record<keyof typeof en, string> = {
  'common.cancel': 'Cancelar',
  'common.close': 'Cerrar',
  'common.save': 'Guardar',
  'common.saved': 'Guardado',
  'common.saving': 'Guardando…',
  'common.members_one': '{count} miembro',
  'common.members_other': '{count} miembros',
};
