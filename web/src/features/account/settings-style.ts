// The look the account dialogs' sections share.

/** A section's heading in a settings dialog ("This device", "Do not disturb", ...). */
export const SECTION_TITLE = 'text-xs font-semibold tracking-wide text-muted uppercase';
/** A heading that starts a new part of the dialog: a line above it. */
export const SECTION_TITLE_RULED = `${SECTION_TITLE} border-t border-line pt-4`;
