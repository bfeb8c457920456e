import { createElement, isValidElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ContainedError } from './ContainedError';
import { TimeAgo } from './TimeAgo';

/** Beyond what a Date holds: what a node at the edge of the range, plus a clock offset, produced. */
const BEYOND_DATE_RANGE = 8.64e15 + 1;

describe('TimeAgo', () => {
  it('shows "unknown" for a time outside the Date range instead of throwing in toISOString', () => {
    expect(() => new Date(BEYOND_DATE_RANGE).toISOString()).toThrow(RangeError);
    expect(renderToStaticMarkup(createElement(TimeAgo, { at: BEYOND_DATE_RANGE }))).toBe('<span class="muted">unknown</span>');
    expect(renderToStaticMarkup(createElement(TimeAgo, { at: Date.parse('2026-01-01T00:00:00Z') }))).toContain('dateTime="2026-01-01T00:00:00.000Z"');
  });
});

describe('ContainedError', () => {
  const renderAfter = (error: Error | null, fallback?: (message: string) => ReactElement) => {
    const boundary = new ContainedError({ what: 'Link n1->n2', fallback, children: 'the row' });
    boundary.state = error === null ? { error: null } : ContainedError.getDerivedStateFromError(error);
    return boundary.render();
  };

  it('renders its children while nothing failed', () => {
    expect(renderAfter(null)).toBe('the row');
  });

  it('after a render error, says in place what could not be shown and why, as text', () => {
    const shown = renderAfter(new Error('Invalid time value')) as ReactElement;
    expect(renderToStaticMarkup(shown)).toBe('<p role="alert" class="contained-error">Link n1-&gt;n2 could not be shown: Invalid time value</p>');
  });

  it('lays the message out the way its place needs (a table row)', () => {
    const row = renderAfter(new Error('boom'), (message) => createElement('tr', null, createElement('td', null, message)));
    expect(isValidElement(row)).toBe(true);
    expect(renderToStaticMarkup(createElement('table', null, createElement('tbody', null, row)))).toContain('<td>Link n1-&gt;n2 could not be shown: boom</td>');
  });
});
