import { describe, expect, it } from 'vitest';

import type { ViewMessage } from '../../client/types';
import { menuActions } from './message-actions';
import { msg } from './test-messages';

describe('menuActions', () => {
  it('lists what applies to the message, in order', () => {
    const names = (m: ViewMessage) => menuActions(m, { own: false }).map((a) => a.label);
    expect(names(msg(1, 'bob', 'READ'))).toEqual(['Copy text', 'Forward', 'Pin', 'Select']);
    expect(names(msg(1, 'bob', 'READ', { isPinned: true }))).toEqual(['Copy text', 'Forward', 'Unpin', 'Select']);
    // Not stored yet: nothing that needs the server's copy.
    expect(names(msg(0, 'me', 'SENT', { pending: true }))).toEqual(['Copy text']);
    expect(names(msg(0, 'me', 'SENT', { failed: 'too long' }))).toEqual(['Copy text']);
  });
});
