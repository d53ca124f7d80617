/** Labelled select / number inputs used by the controls panel. */
import { useId, type ReactNode } from 'react';
import { GLOSSARY, type TermId } from '../glossary';

export function SelectField<T extends string | number>(props: {
  label: string;
  value: T;
  /** `term`: a glossary term the option names (its definition is the option's tooltip). */
  options: readonly { value: T; label: string; term?: TermId }[];
  onChange: (value: T) => void;
  testId?: string;
  disabled?: boolean;
}) {
  const { label, value, options, onChange, testId, disabled } = props;
  return (
    <label className="field">
      {label}
      <select
        data-testid={testId}
        value={String(value)}
        disabled={disabled}
        onChange={(e) => {
          const hit = options.find((o) => String(o.value) === e.target.value);
          if (hit) onChange(hit.value);
        }}
      >
        {options.map((o) => (
          <option
            key={String(o.value)}
            value={String(o.value)}
            data-term={o.term}
            title={o.term ? GLOSSARY[o.term].means : undefined}
          >
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A number input that commits only valid values (on blur or Enter) and shows why a value was
 * refused, so a typo never loses the user's configuration.
 */
export function NumberField(props: {
  label: ReactNode;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  onChange: (value: number) => void;
  testId?: string;
}) {
  const { label, value, min, max, step, integer, onChange, testId } = props;
  const errId = useId();
  const commit = (el: HTMLInputElement) => {
    const v = Number(el.value);
    const ok =
      el.value.trim() !== '' &&
      Number.isFinite(v) &&
      v >= min &&
      v <= max &&
      (!integer || Number.isInteger(v));
    if (ok) {
      el.setCustomValidity('');
      if (v !== value) onChange(v);
    } else {
      const why = `Enter ${integer ? 'an integer' : 'a number'} from ${min} to ${max}.`;
      el.setCustomValidity(why);
      el.reportValidity();
      el.value = String(value);
    }
  };
  return (
    <label className="field">
      {label}
      <input
        key={value}
        data-testid={testId}
        type="number"
        defaultValue={value}
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        aria-describedby={errId}
        onBlur={(e) => commit(e.currentTarget)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget);
        }}
      />
      <span id={errId} className="sr-only">
        {`Allowed: ${min} to ${max}`}
      </span>
    </label>
  );
}
