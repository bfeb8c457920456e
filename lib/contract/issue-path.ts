/** Renders a schema issue path the way an operator points into a document: targets[2].url */
export function formatIssuePath(issuePath: ReadonlyArray<PropertyKey>): string {
  if (issuePath.length === 0) return '(top level)';
  return issuePath
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
