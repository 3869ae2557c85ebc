// An on/off setting: a button with role="switch" (Space and Enter toggle it, screen readers say
// "on" or "off"), its label beside it (a click on the label toggles it too) and a line saying
// what it does, read as the switch's description. The track shows the state by the knob's
// place and a check mark, not by colour alone.
import { useId } from 'react';

interface SwitchProps {
  label: string;
  description: string;
  checked: boolean;
  onChange: (next: boolean) => void;
  disabled?: boolean;
  testId?: string;
}

export function Switch({ label, description, checked, onChange, disabled, testId }: SwitchProps) {
  const id = useId();
  const descriptionId = useId();
  return (
    <div className="flex items-start gap-3">
      <div className="min-w-0 flex-1 pt-2.5">
        <label htmlFor={id} className="block cursor-pointer text-[15px] font-medium">
          {label}
        </label>
        <p id={descriptionId} className="mt-0.5 text-sm text-muted">
          {description}
        </p>
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-describedby={descriptionId}
        disabled={disabled}
        data-testid={testId}
        onClick={() => onChange(!checked)}
        className="inline-flex h-11 w-14 shrink-0 items-center justify-center rounded-full disabled:opacity-50"
      >
        <span
          aria-hidden="true"
          className={`relative inline-flex h-7 w-12 items-center rounded-full border transition-colors ${
            checked ? 'border-accent bg-accent' : 'border-line bg-panel-2'
          }`}
        >
          <span
            className={`absolute top-0.5 inline-flex size-[22px] items-center justify-center rounded-full text-[11px] font-bold shadow transition-transform ${
              checked ? 'translate-x-[22px] bg-on-accent text-accent' : 'translate-x-0.5 bg-muted text-panel'
            }`}
          >
            {checked ? '✓' : ''}
          </span>
        </span>
      </button>
    </div>
  );
}
