'use client';

import { ChoiceOrText } from '@/components/ui/ChoiceOrText';
import { useEffect, useState } from 'react';
import { fromLocalInput, toLocalInput } from '@/lib/client/local-input';
import { LEVEL_CHOICES, type LogFilter } from '@/lib/client/logs-queries';
import { useInBrowser } from '@/lib/client/use-local-time';
import styles from './logs.module.css';

const RANGES = [
  { value: '', label: 'All retained lines' },
  { value: '5m', label: 'Last 5 minutes' },
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '24h', label: 'Last 24 hours' },
];

const CUSTOM = 'custom';
const TEXT_DEBOUNCE_MS = 300;

/** A filter time (ms since epoch as text) → the value of a datetime-local input, in the browser's zone ('' on the server). */
function filterTimeInput(value: string | undefined, inBrowser: boolean): string {
  if (!inBrowser || !value || !/^\d+$/.test(value)) return '';
  return toLocalInput(Number(value));
}

function filterTimeOf(text: string): string | undefined {
  const at = fromLocalInput(text);
  return at === null ? undefined : String(at);
}

/** Node, level, component, text and time range; the text is matched literally, never as a pattern. */
export function LogFilters({
  filter,
  nodes,
  components,
  onChange,
}: {
  filter: LogFilter;
  nodes: readonly string[];
  components: readonly string[];
  onChange: (filter: LogFilter) => void;
}) {
  const inBrowser = useInBrowser();
  const [text, setText] = useState(filter.q ?? '');
  useEffect(() => {
    if (text === (filter.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filter, q: text || undefined }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);

  const set = (key: keyof LogFilter) => (event: { target: { value: string } }) =>
    onChange({ ...filter, [key]: event.target.value || undefined });

  // A preset is a duration ago ("15m"); a custom range is two absolute times.
  const preset = RANGES.some((range) => range.value === (filter.since ?? '')) && !filter.until;
  const [customRange, setCustomRange] = useState(!preset);
  const rangeValue = customRange ? CUSTOM : (filter.since ?? '');
  const onRange = (event: { target: { value: string } }) => {
    const value = event.target.value;
    if (value === CUSTOM) {
      setCustomRange(true);
      return;
    }
    setCustomRange(false);
    onChange({ ...filter, since: value || undefined, until: undefined });
  };

  return (
    <form className={styles.filters} role="search" aria-label="Filter logs" onSubmit={(event) => event.preventDefault()}>
      <label className={styles.field}>
        Node
        <ChoiceOrText
          choices={nodes.map((node) => ({ value: node, label: node }))}
          value={filter.node ?? ''}
          allLabel="All nodes"
          onChange={(value) => onChange({ ...filter, node: value || undefined })}
        />
      </label>
      <label className={styles.field}>
        Level
        <select value={filter.level ?? ''} onChange={set('level')}>
          {LEVEL_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        Component
        <select value={filter.component ?? ''} onChange={set('component')}>
          <option value="">All components</option>
          {components.map((component) => (
            <option key={component} value={component}>
              {component || '(none)'}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        Text
        <input type="search" value={text} placeholder="contains… (plain text)" maxLength={256} onChange={(event) => setText(event.target.value)} />
      </label>
      <label className={styles.field}>
        Time range
        <select value={rangeValue} onChange={onRange}>
          {RANGES.map((range) => (
            <option key={range.value} value={range.value}>
              {range.label}
            </option>
          ))}
          <option value={CUSTOM}>Custom…</option>
        </select>
      </label>
      {customRange ? (
        <>
          <label className={styles.field}>
            From
            <input
              type="datetime-local"
              step={1}
              value={filterTimeInput(filter.since, inBrowser)}
              onChange={(event) => onChange({ ...filter, since: filterTimeOf(event.target.value) })}
            />
          </label>
          <label className={styles.field}>
            Until
            <input
              type="datetime-local"
              step={1}
              value={filterTimeInput(filter.until, inBrowser)}
              onChange={(event) => onChange({ ...filter, until: filterTimeOf(event.target.value) })}
            />
          </label>
        </>
      ) : null}
    </form>
  );
}
