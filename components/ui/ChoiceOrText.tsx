'use client';

/** Above this many choices a list is no help (and costs an element per choice): the value is typed instead. */
export const MAX_LISTED_CHOICES = 200;

export type Choice = { value: string; label: string };

/**
 * A filter over ids (nodes, primaries): a <select> while the choices are few,
 * a search box (applied on Enter or leaving it) when there are thousands, or
 * when the server sends none because there are too many (`null`).
 */
export function ChoiceOrText({
  id,
  label,
  choices,
  value,
  allLabel,
  onChange,
  placeholder = 'id, then Enter',
}: {
  id?: string;
  label?: string;
  choices: readonly Choice[] | null;
  value: string;
  allLabel: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  if (choices !== null && choices.length <= MAX_LISTED_CHOICES) {
    return (
      <select id={id} aria-label={label} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">{allLabel}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    );
  }
  const apply = (typed: string) => {
    if (typed.trim() !== value) onChange(typed.trim());
  };
  return (
    <input
      id={id}
      aria-label={label}
      type="search"
      key={value}
      defaultValue={value}
      placeholder={placeholder}
      onKeyDown={(event) => {
        if (event.key === 'Enter') apply(event.currentTarget.value);
      }}
      onBlur={(event) => apply(event.currentTarget.value)}
    />
  );
}
