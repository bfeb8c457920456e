'use client';

import { useEffect, useState } from 'react';
import { LEVEL_CHOICES, type LogFilter } from '@/lib/client/logs-queries';
import styles from './logs.module.css';

const RANGES = [
  { value: '', label: 'All retained lines' },
  { value: '5m', label: 'Last 5 minutes' },
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '24h', label: 'Last 24 hours' },
];

const TEXT_DEBOUNCE_MS = 300;

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
  const [text, setText] = useState(filter.q ?? '');
  useEffect(() => {
    if (text === (filter.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filter, q: text || undefined }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);

  const set = (key: keyof LogFilter) => (event: { target: { value: string } }) =>
    onChange({ ...filter, [key]: event.target.value || undefined });

  return (
    <form className={styles.filters} role="search" aria-label="Filter logs" onSubmit={(event) => event.preventDefault()}>
      <label className={styles.field}>
        Node
        <select value={filter.node ?? ''} onChange={set('node')}>
          <option value="">All nodes</option>
          {nodes.map((node) => (
            <option key={node} value={node}>
              {node}
            </option>
          ))}
        </select>
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
        <select value={filter.since ?? ''} onChange={set('since')}>
          {RANGES.map((range) => (
            <option key={range.value} value={range.value}>
              {range.label}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
