// The class names the templates' views share: a button's size and shape, a form field's look.
export const button = 'inline-flex h-11 items-center justify-center gap-1.5 rounded-xl px-4 text-sm font-medium';
export const field =
  'min-w-0 rounded-xl border bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';
