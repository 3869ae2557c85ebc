// The class names the group panels share: a button's size and shape, a form field's look.
export const button = 'h-11 rounded-xl px-4 text-sm font-medium';
export const field =
  'rounded-xl border border-line bg-panel-2 px-3 text-[15px] font-normal outline-none focus:border-accent focus:ring-3 focus:ring-accent/15';
