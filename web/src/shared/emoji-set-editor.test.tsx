// @vitest-environment happy-dom
// A custom emoji set's editor: the list with images, the upload form only for who manages the
// set, a file over 256 KiB or of another type refused before sending, a bad or taken shortcode
// too, the server's refusal in words, and what was added sent as bytes with its shortcode.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';

import { ApiError } from '../client/errors';
import type { EmojiSet } from '../client/types';
import { EmojiSetEditor } from './EmojiSetEditor';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const party = { id: 'e1', shortcode: 'party', url: '/api/v1/emoji/e1/image', chatId: null, createdBy: 'u', createdAt: '2025-01-01T00:00:00.000Z' };

async function mount(set: EmojiSet, onAdd: (s: string, b: Uint8Array) => Promise<unknown> = async () => undefined) {
  const el = document.createElement('div');
  document.body.append(el);
  const root: Root = createRoot(el);
  await act(async () => root.render(<EmojiSetEditor set={set} emptyText="None yet." onAdd={onAdd} onRemove={async () => undefined} />));
  cleanups.push(() => act(() => root.unmount()));
  return el;
}

function input(el: HTMLElement, label: string): HTMLInputElement {
  const l = [...el.querySelectorAll('label')].find((x) => x.textContent === label);
  return el.querySelector(`#${CSS.escape(l?.htmlFor ?? '')}`) as HTMLInputElement;
}

async function choose(el: HTMLElement, file: File) {
  const f = input(el, 'Image');
  Object.defineProperty(f, 'files', { value: [file], configurable: true });
  await act(async () => f.dispatchEvent(new Event('change', { bubbles: true })));
}

async function type(el: HTMLElement, label: string, value: string) {
  const f = input(el, label);
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(f, value);
  await act(async () => f.dispatchEvent(new Event('input', { bubbles: true })));
}

async function submit(el: HTMLElement) {
  await act(async () => el.querySelector('form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
}

const alerts = (el: HTMLElement) => [...el.querySelectorAll('[role="alert"]')].map((a) => a.textContent);

it('shows the set read-only to who does not manage it', async () => {
  const el = await mount({ emoji: [party], canManage: false });
  expect(el.querySelector('img')?.getAttribute('alt')).toBe(':party:');
  expect(el.querySelector('form')).toBeNull();
  expect(el.querySelector('button')).toBeNull();
  const empty = await mount({ emoji: [], canManage: false });
  expect(empty.textContent).toBe('None yet.');
});

it('checks the image and the shortcode before sending, and says the server’s refusal', async () => {
  const sent: Array<[string, number]> = [];
  let refuse: ApiError | null = null;
  const el = await mount({ emoji: [party], canManage: true }, async (s, bytes) => {
    if (refuse) throw refuse;
    sent.push([s, bytes.length]);
  });
  expect(el.textContent).toContain('2 to 32 of a–z, 0–9, _, + and -');
  expect(input(el, 'Image').accept).toBe('image/png,image/gif,image/webp');

  await choose(el, new File([new Uint8Array(300 * 1024)], 'Big Cake.png', { type: 'image/png' }));
  expect(alerts(el)).toEqual(['The image is 300 KiB; an emoji can be at most 256 KiB. Choose a smaller image.']);
  // The shortcode came from the file's name.
  expect(input(el, 'Shortcode').value).toBe('big_cake');
  await submit(el);
  expect(sent).toEqual([]);

  await choose(el, new File(['GIF89a'], 'x.jpg', { type: 'image/jpeg' }));
  expect(alerts(el)).toEqual(['The image must be a PNG, GIF or WebP file.']);

  await choose(el, new File([new Uint8Array([1, 2, 3])], 'party.png', { type: 'image/png' }));
  await type(el, 'Shortcode', 'party');
  await submit(el);
  expect(alerts(el)).toEqual(['There is a :party: in this set already. Choose another shortcode.']);

  refuse = new ApiError(409, 'emoji_limit', 'A set holds at most 200 custom emoji');
  await type(el, 'Shortcode', 'Cake');
  expect(input(el, 'Shortcode').value).toBe('cake');
  await submit(el);
  expect(alerts(el)).toEqual(['This set is full (A set holds at most 200 custom emoji). Remove one before adding another.']);

  refuse = null;
  await submit(el);
  expect(sent).toEqual([['cake', 3]]);
  expect(alerts(el)).toEqual([]);
  expect(input(el, 'Shortcode').value).toBe('');
});
