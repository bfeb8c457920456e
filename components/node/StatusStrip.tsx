import type { StatusSample } from '@/lib/contract/api';
import { pollStatusColor } from './status-colors';

/** One thin stripe per poll, coloured by outcome: where the node changed state, at a glance (decorative; the events table says it in words). */
export function StatusStrip({ samples }: { samples: readonly StatusSample[] }) {
  if (samples.length === 0) return null;
  return (
    <svg className="status-strip" viewBox={`0 0 ${samples.length} 1`} preserveAspectRatio="none" aria-hidden="true">
      {samples.map((sample, index) => (
        <rect key={sample.at} x={index} y={0} width={1.02} height={1} fill={pollStatusColor(sample.status)} />
      ))}
    </svg>
  );
}
