// The people the moderation page can name: those the client knows (its users), and those its
// lists brought (a report's reporter and person, the staff). Anyone else shows as their id
// shortened (client/moderation.ts personLabel).
import { useMemo } from 'react';

import { useModerationQueue, useStaff, useUsers } from '../../app/store-context';
import type { User } from '../../client/types';

export function useKnownNames(): Readonly<Record<string, Pick<User, 'name'>>> {
  const users = useUsers();
  const queue = useModerationQueue().items;
  const staff = useStaff().staff;
  return useMemo(() => {
    const names: Record<string, Pick<User, 'name'>> = {};
    for (const r of queue ?? []) {
      if (r.reporter?.name) names[r.reporter.id] = r.reporter;
      if (r.user?.name) names[r.user.id] = r.user;
    }
    for (const s of staff ?? []) if (s.user.name) names[s.user.id] = s.user;
    for (const u of Object.values(users)) if (u.name) names[u.id] = u;
    return names;
  }, [users, queue, staff]);
}
