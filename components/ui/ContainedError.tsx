'use client';

import { Component, type ReactNode } from 'react';

type Props = {
  /** What failed to render, in the operator's words ("link n1->n2", "Replication links"). */
  what: string;
  /** How the fallback is laid out where it stands (a table row needs a <tr>); defaults to a paragraph. */
  fallback?: (message: string) => ReactNode;
  children: ReactNode;
};

/**
 * Keeps a render error to the row or panel that hit it: one value a node sent
 * that the UI cannot show must not blank the page for every other node.
 */
export class ContainedError extends Component<Props, { error: Error | null }> {
  state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(previous: Props) {
    // New data may render fine: try again when what we were given changes.
    if (this.state.error !== null && previous.children !== this.props.children) this.setState({ error: null });
  }

  render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    const message = `${this.props.what} could not be shown: ${error.message}`;
    return this.props.fallback ? (
      this.props.fallback(message)
    ) : (
      <p role="alert" className="contained-error">
        {message}
      </p>
    );
  }
}
