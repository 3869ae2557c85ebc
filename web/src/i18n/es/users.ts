import type { users as en } from '../en/users';

export const users: Record<keyof typeof en, string> = {
  'users.title': 'Personas',
  'users.newChat': 'Nuevo chat',
  'users.search': 'Buscar personas',
  'users.count': '{count} personas',
  'users.countMore': '{count} personas o más',
  'users.list': 'Personas de este servidor',
  'users.noMatch': 'Nadie coincide con esa búsqueda.',
  'users.empty': 'Aún no hay nadie más. ¡Invita a alguien a registrarse!',
  'users.chatWith': 'Chatear con',
  'users.loadFailed': 'No se pudieron cargar las personas: {error}',
  'users.more': 'Mostrar más personas',
};
