// A time zone box (the schedule dialog's, the Notifications dialog's): it searches the zones this
// browser knows (a list to pick from as one types), and what is typed counts once it names a
// zone; after the box is left, text naming none is marked invalid. Under the box, each caller's
// note (what is wrong, a zone to use instead).
import { useEffect, useId, useState, type ReactNode } from 'react';

interface Props {
  label: string;
  /** The zone the box shows; it shows it again whenever this changes. */
  value: string;
  /** The zones offered (timeZones() in client/dnd). */
  zones: readonly string[];
  /** What is typed names a zone. */
  onZone: (zone: string) => void;
  /**
   * The note under the box, given whether what was typed (and left) names no zone; `use` puts a
   * zone in the box and chooses it.
   */
  note: (unknown: boolean, use: (zone: string) => void) => ReactNode;
  /** The zone is refused for another reason: the box is marked invalid as with an unknown one. */
  refused?: boolean;
  id?: string;
  testId: string;
  inputTestId: string;
}

export function TimeZoneBox({ label, value, zones, onZone, note, refused = false, id, testId, inputTestId }: Props) {
  const [text, setText] = useState(value);
  const [touched, setTouched] = useState(false);
  const ownId = useId();
  const inputId = id ?? ownId;
  const listId = useId();
  const noteId = useId();

  useEffect(() => setText(value), [value]);

  const unknown = touched && !zones.includes(text);
  const use = (zone: string) => {
    setText(zone);
    setTouched(false);
    onZone(zone);
  };
  return (
    <div className="flex flex-col gap-1" data-testid={testId}>
      <label htmlFor={inputId} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={inputId}
        list={listId}
        value={text}
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          setTouched(false);
          if (zones.includes(v)) onZone(v);
        }}
        onBlur={() => setTouched(true)}
        onFocus={(e) => e.target.select()}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={unknown || refused ? true : undefined}
        aria-describedby={noteId}
        className="h-11 min-w-0 rounded-xl border border-line bg-panel-2 px-3 text-[15px] outline-none focus:border-accent focus:ring-3 focus:ring-accent/15"
        data-testid={inputTestId}
      />
      <datalist id={listId}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div id={noteId} className="flex flex-wrap items-center gap-x-2 text-sm text-muted">
        {note(unknown, use)}
      </div>
    </div>
  );
}
