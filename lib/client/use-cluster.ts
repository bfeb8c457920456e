'use client';

import { useParams } from 'next/navigation';

/** The cluster of the page being shown (its layout has already checked that it exists). */
export function useClusterName(): string {
  const params = useParams<{ cluster?: string }>();
  const raw = params?.cluster;
  if (!raw) throw new Error('useClusterName() is only for pages under /clusters/<name>');
  return decodeSegment(raw);
}

/** The cluster of the current URL, or null off cluster pages (the home page). */
export function useClusterNameOrNull(): string | null {
  const params = useParams<{ cluster?: string }>();
  return params?.cluster ? decodeSegment(params.cluster) : null;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
