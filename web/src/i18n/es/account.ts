import type { account as en } from '../en/account';

export const account: Record<keyof typeof en, string> = {
  'account.block.thisPerson': 'esta persona',
  'account.block.title': '¿Bloquear a {name}?',
  'account.block.consequence': 'No podrá enviarte mensajes ni ver cuándo estás en línea.',
  'account.block.notice': 'Bloqueaste a {name}.',
  'account.block.failed': 'No se pudo bloquear: {error}',
  'account.unblock.failed': 'No se pudo desbloquear: {error}',
};
