/** Picks the register's card reader and shows its connection: Connect / Take over / Reconnect / Disconnect. */
import { useId } from 'react';
import type { ReaderLink } from './use-reader.ts';

function statusText(link: ReaderLink): string {
  const name = link.selected?.label ?? 'the reader';
  switch (link.status) {
    case 'connected':
      return `Connected to ${name}`;
    case 'connecting':
      return `Connecting to ${name}…`;
    case 'lost':
      return 'Reader disconnected';
    default:
      return 'No reader connected';
  }
}

export function ReaderPanel({ link, disabled }: { link: ReaderLink; disabled: boolean }) {
  const selectId = useId();
  return (
    <section className="panel reader-panel" aria-labelledby={`${selectId}-heading`}>
      <h2 id={`${selectId}-heading`}>Card reader</h2>
      {link.readers.length === 0 ? (
        <p className="muted">This location has no readers yet. Ask your manager to register one.</p>
      ) : (
        <>
          <label htmlFor={selectId}>Reader</label>
          <select
            id={selectId}
            className="input"
            value={link.selected?.id ?? ''}
            disabled={disabled || link.status === 'connecting'}
            onChange={(event) => link.select(event.target.value)}
          >
            {link.readers.map((reader) => (
              <option key={reader.id} value={reader.id}>
                {reader.label} ({reader.integration === 'js_sdk' ? 'browser SDK' : 'server-driven'}
                {reader.status === 'offline' ? ', offline' : ''})
              </option>
            ))}
          </select>
          <p className={`reader-status reader-${link.status}`} role="status">
            {statusText(link)}
          </p>
          {link.message && <p className="error">{link.message}</p>}
          <div className="row">
            {link.status === 'connected' ? (
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => void link.disconnect()}
              >
                Disconnect
              </button>
            ) : (
              <button
                type="button"
                className="button primary"
                disabled={disabled || link.status === 'connecting' || !link.selected}
                onClick={() => void link.connect()}
              >
                {link.status === 'lost' ? 'Reconnect' : 'Connect'}
              </button>
            )}
            <button
              type="button"
              className="button"
              disabled={disabled || link.status === 'connecting'}
              onClick={() => void link.refresh()}
            >
              Refresh readers
            </button>
            {link.offerTakeOver && (
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => void link.connect({ takeOver: true })}
              >
                Take over reader
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
