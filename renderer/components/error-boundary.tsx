/**
 * Never a blank screen: a render error in one screen shows what broke, in words, in that screen's
 * place, with a way to try again; the rest of the window keeps working.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, for the message: "The findings screen". */
  what: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(`${this.props.what} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="screen-error" role="alert" data-testid="screen-error">
        <h2>{this.props.what} could not be shown</h2>
        <p>{error.message || 'An unexpected error occurred.'}</p>
        <p className="muted">The workspace is unchanged. You can try again, or go to another screen.</p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
