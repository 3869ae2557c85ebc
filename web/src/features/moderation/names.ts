// The people the moderation page can name: those the client knows (its users), and those its
// lists brought (a report's reporter and person, the staff, a hit's sender, a muted person).
// Anyone else shows as their id shortened (client/moderation.ts personLabel).
import { useMemo } from 'react';

import { useAutomodHits, useModerationQueue, useMutes, useStaff, useUsers } from '../../app/store-context';
import type { User } from '../../client/types';

export function useKnownNames(): Readonly<Record<string, Pick<User, 'name'>>> {
  const users = useUsers();
  const queue = useModerationQueue().items;
  const staff = useStaff().staff;
  const hits = useAutomodHits().items;
  const mutes = useMutes().mutes;
  return useMemo(() => {
    const names: Record<string, Pick<User, 'name'>> = {};
    for (const r of queue ?? []) {
      if (r.reporter?.name) names[r.reporter.id] = r.reporter;
      if (r.user?.name) names[r.user.id] = r.user;
    }
    for (const s of staff ?? []) if (s.user.name) names[s.user.id] = s.user;
    for (const h of hits ?? []) if (h.user?.name) names[h.user.id] = h.user;
    for (const m of mutes ?? []) if (m.user?.name) names[m.user.id] = m.user;
    for (const u of Object.values(users)) if (u.name) names[u.id] = u;
    return names;
  }, [users, queue, staff, hits, mutes]);
}
