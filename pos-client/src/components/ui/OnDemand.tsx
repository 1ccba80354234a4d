/**
 * Where a screen loaded on demand (`lazyScreen`) renders: `fallback` while its chunk loads, and if the chunk
 * cannot load (a dropped connection, or hashed assets replaced by a deploy while the page is open) or the
 * screen throws, what happened and "Try again" instead of a blank page. React keeps a lazy component's
 * failure, so trying again reloads the page; the server keeps any unfinished sale, which the counter brings
 * back on load.
 */
import { Component, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from './States.tsx';

/** Chrome, Firefox and Safari reject a failed dynamic import with a TypeError naming the module. */
export function isChunkLoadError(error: unknown): boolean {
  return error instanceof TypeError && /module/i.test(error.message);
}

export class OnDemand extends Component<{ fallback?: ReactNode; children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if ('error' in this.state) return <CouldNotLoad error={this.state.error} />;
    return <Suspense fallback={this.props.fallback ?? null}>{this.props.children}</Suspense>;
  }
}

function CouldNotLoad({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <ErrorState
      message={t(isChunkLoadError(error) ? 'errors.network_error' : 'errors.unexpected')}
      onRetry={() => window.location.reload()}
    />
  );
}
