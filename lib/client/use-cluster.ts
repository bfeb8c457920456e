'use client';

import { useParams } from 'next/navigation';

/** The cluster of the page being shown (its layout has already checked that it exists). */
export function useClusterName(): string {
  const params = useParams<{ cluster?: string }>();
  const raw = params?.cluster;
  if (!raw) throw new Error('useClusterName() is only for pages under /clusters/<name>');
  return decodeSegment(raw);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
