// @vitest-environment happy-dom
// The Notifications dialog's Do not disturb and keywords against the fake server: the switch
// turns it on for the duration chosen ("On until …"), a choice while on starts it again, off
// ends it; quiet hours save once they can hold and say why not otherwise; the days toggle; this
// device's time zone goes with the first change; people are allowed through from those known;
// keywords are added with Enter, refused in words past the limits, and removed.
import { afterEach, expect, it } from 'vitest';

import { FakeServer, until } from '../../client/fakes';
import { DND_FOREVER } from '../../client/notifications-wire';
import { MemoryStorage } from '../../client/storage';
import { ChatStore } from '../../client/store';
import { NotificationsDialog } from './NotificationsDialog';
import { renderDialog } from './render-dialog';
import { act } from 'react';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const HOUR = 3600 * 1000;

async function setup(deviceZone = 'UTC') {
  const server = new FakeServer();
  const me = server.addUser('Me', true);
  const ann = server.addUser('Ann Lee', true);
  server.addChat(me.id, ann.id);
  const store = new ChatStore({
    api: server,
    realtime: server,
    storage: new MemoryStorage(),
    notificationsApi: server.notifications,
    timeZone: () => deviceZone,
  });
  cleanups.push(() => store.destroy());
  await store.login(me.email, 'password');
  await until(() => store.notifications.settings() !== null && store.slices.users.get()[ann.id] !== undefined, 'loaded');

  const { el, q, wait, click } = await renderDialog(store, <NotificationsDialog onClose={() => undefined} />, cleanups);
  await wait(() => q('[data-testid="dnd-settings"]') !== null, 'shown');
  const text = (id: string) => q(`[data-testid="${id}"]`)?.textContent ?? '';
  const patches = () => server.notifications.changes.filter(([r]) => r.startsWith('PATCH')).map(([, b]) => b as Record<string, unknown>);
  const saved = () => wait(() => store.notifications.view.get().save === 'saved', 'saved');
  const byText = (sel: string, t: string) => [...el.querySelectorAll<HTMLElement>(sel)].find((e) => e.textContent?.trim() === t) ?? null;
  const setValue = (input: HTMLInputElement | null, value: string) =>
    act(async () => {
      if (!input) throw new Error('no input');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  return { server, store, me, ann, el, q, wait, click, text, patches, saved, byText, setValue };
}

it('turns Do not disturb on for the duration chosen, starts it again on another choice, and off', async () => {
  const t = await setup();
  expect(t.text('dnd-status')).toBe('Off.');
  const before = Date.now();
  await t.click(t.q('[data-testid="dnd-switch"]'));
  expect(t.q('[data-testid="dnd-switch"]')?.getAttribute('aria-checked')).toBe('true');
  expect(t.text('dnd-status')).toMatch(/^On until \S/);
  await t.saved();
  const until1 = (t.patches()[0]!.dnd as { until: number }).until;
  expect(until1).toBeGreaterThanOrEqual(before + HOUR);
  expect(until1).toBeLessThanOrEqual(Date.now() + HOUR);

  await t.click(t.byText('label', 'Until I turn it off')?.querySelector('input') ?? null);
  await t.saved();
  expect(t.patches()[1]).toEqual({ dnd: { until: DND_FOREVER } });
  expect(t.text('dnd-status')).toBe('On until you turn it off.');

  await t.click(t.q('[data-testid="dnd-switch"]'));
  await t.saved();
  expect(t.patches()[2]).toEqual({ dnd: { until: null } });
  expect(t.text('dnd-status')).toBe('Off.');
});

it('saves quiet hours once they can hold, toggles their days, and says why not otherwise', async () => {
  const t = await setup();
  await t.click(t.q('[data-testid="quiet-hours-switch"]'));
  await t.saved();
  expect(t.patches()).toEqual([{ dnd: { schedule: { enabled: true, start: '22:00', end: '08:00', days: [0, 1, 2, 3, 4, 5, 6] } } }]);

  const [from, to] = [...t.el.querySelectorAll<HTMLInputElement>('input[type="time"]')];
  await t.setValue(to!, '22:00');
  expect(t.text('quiet-hours-problem')).toBe('Quiet hours must end at another time than they start.');
  expect(t.patches()).toHaveLength(1);
  await t.setValue(from!, '23:30');
  await t.saved();
  expect(t.patches()[1]).toEqual({ dnd: { schedule: { enabled: true, start: '23:30', end: '22:00', days: [0, 1, 2, 3, 4, 5, 6] } } });
  expect(t.q('[data-testid="quiet-hours-problem"]')).toBeNull();

  const sunday = t.byText('button', 'Sun');
  expect(sunday?.getAttribute('aria-pressed')).toBe('true');
  await t.click(sunday);
  await t.saved();
  expect(t.patches()[2]).toEqual({ dnd: { schedule: { enabled: true, start: '23:30', end: '22:00', days: [1, 2, 3, 4, 5, 6] } } });
  expect(t.byText('button', 'Sun')?.getAttribute('aria-pressed')).toBe('false');
});

it('gives this device’s time zone with the first change, or at once with "Use …"', async () => {
  const t = await setup('Europe/Berlin');
  expect(t.q<HTMLInputElement>('[data-testid="time-zone-input"]')?.value).toBe('Europe/Berlin');
  expect(t.text('time-zone')).toContain('saved with your next change');
  await t.click(t.q('[data-testid="time-zone-use-device"]'));
  await t.saved();
  expect(t.patches()).toEqual([{ timeZone: 'Europe/Berlin' }]);
  expect(t.q('[data-testid="time-zone-use-device"]')).toBeNull();

  await t.setValue(t.q<HTMLInputElement>('[data-testid="time-zone-input"]'), 'Asia/Tok');
  expect(t.patches()).toHaveLength(1);
  await t.setValue(t.q<HTMLInputElement>('[data-testid="time-zone-input"]'), 'Asia/Tokyo');
  await t.saved();
  expect(t.patches()[1]).toEqual({ timeZone: 'Asia/Tokyo' });
  expect(t.text('time-zone')).toContain('Use Europe/Berlin');
});

it('allows people through from those known, and takes them out again', async () => {
  const t = await setup();
  await t.click(t.q('button[aria-label="Add people to People who can reach you"]'));
  await t.wait(() => t.q(`input[data-user-id="${t.ann.id}"]`) !== null, 'Ann offered');
  expect(t.q(`input[data-user-id="${t.me.id}"]`)).toBeNull();
  await t.click(t.q(`input[data-user-id="${t.ann.id}"]`));
  await t.saved();
  expect(t.patches()).toEqual([{ dnd: { allow: [t.ann.id] } }]);
  await t.click(t.q('button[aria-label="Remove Ann Lee from People who can reach you"]'));
  await t.saved();
  expect(t.patches()[1]).toEqual({ dnd: { allow: [] } });
});

it('adds keywords with Enter, refuses what breaks the limits in words, and removes them', async () => {
  const t = await setup();
  const input = () => t.q<HTMLInputElement>('[data-testid="keyword-input"]');
  const submit = () =>
    act(async () => {
      input()!.form!.requestSubmit();
    });
  await t.setValue(input(), '  deploy ');
  await submit();
  await t.saved();
  expect(t.patches()).toEqual([{ keywords: ['deploy'] }]);
  expect(input()?.value).toBe('');
  expect(t.q('button[aria-label="Remove keyword deploy"]')).not.toBeNull();

  await t.setValue(input(), 'Deploy');
  await submit();
  expect(t.text('keyword-problem')).toBe('“Deploy” is a keyword already.');
  await t.setValue(input(), 'x');
  await submit();
  expect(t.text('keyword-problem')).toBe('A keyword has 2 to 40 characters.');
  expect(t.patches()).toHaveLength(1);

  await t.click(t.q('button[aria-label="Remove keyword deploy"]'));
  await t.saved();
  expect(t.patches()[1]).toEqual({ keywords: [] });
  expect(t.q('button[aria-label="Remove keyword deploy"]')).toBeNull();
});
