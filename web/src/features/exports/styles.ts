// The class names the exports' views share: a button's size and shape, a form field's look, a
// part's heading, a choice drawn as a card (a native radio or checkbox inside, its focus shown
// on the card).
export const button = 'inline-flex h-11 items-center justify-center gap-1.5 rounded-xl px-4 text-sm font-medium disabled:opacity-60';
export const field =
  'h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';
export const heading = 'text-xs font-semibold tracking-wide text-muted uppercase';
export const card =
  'flex min-h-11 cursor-pointer items-start gap-3 rounded-xl border border-line bg-panel px-3 py-2 hover:bg-hover has-[:checked]:border-accent has-[:checked]:bg-accent-soft has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-(--p-focus)';
