'use client';

/** Overview placeholder while the view is built. */
export function Overview() {
  return <h1>Overview</h1>;
}
