// Typing indicators as the chat header shows them (the chat list row shows the text alone): the
// header's second line while people type in the chat ("Alice is typing…"), and the
// polite live region that tells a screen reader user the same: it is always in the page, so
// that what appears in it is announced (and a stop, which empties it, is not).
interface Props {
  text: string;
}

export function TypingAnnouncer({ text }: Props) {
  return (
    <p className="sr-only" aria-live="polite" aria-atomic="true" data-testid="typing-announcer">
      {text}
    </p>
  );
}

export function TypingLine({ text }: Props) {
  return (
    <p className="truncate text-sm italic text-accent" data-testid="typing-indicator" aria-hidden="true">
      {text}
    </p>
  );
}
