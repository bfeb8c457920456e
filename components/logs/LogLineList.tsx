'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { LogLineView } from '@/lib/diagnostics/logs';
import { LevelTag } from './LevelTag';
import styles from './logs.module.css';

const ROW_HEIGHT = 23;

/** "14:03:07.412" in local time: log lines need the milliseconds. */
function lineClock(at: number): string {
  const date = new Date(at);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * Raw log lines, newest first, virtualized so thousands of lines cost a
 * screenful of DOM. Every field is rendered as text: a line holding HTML or
 * script shows literally.
 */
export function LogLineList({ lines, label, tall = false }: { lines: readonly LogLineView[]; label: string; tall?: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer's functions are not memoizable by the compiler; that is expected here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => lines[index].seq,
  });
  return (
    <div ref={scrollRef} className={`${styles.lines} ${tall ? styles.linesTall : ''}`} tabIndex={0} role="region" aria-label={label}>
      <div role="list" aria-label={label} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          return (
            <div
              key={item.key}
              role="listitem"
              className={styles.line}
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              data-seq={line.seq}
            >
              <span className={styles.lineTime} title={line.ts}>
                {lineClock(line.at)}
              </span>
              <LevelTag level={line.level} />
              <span className={styles.lineNode} title={line.node}>
                {line.node}
              </span>
              <span className={styles.lineComponent} title={line.component}>
                {line.component}
              </span>
              <span className={styles.lineMessage} title={line.message}>
                {line.message}
                {line.subject ? <span className="faint"> · {line.subject}</span> : null}
                {line.transient ? <span className="faint"> · {line.transient}</span> : null}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
