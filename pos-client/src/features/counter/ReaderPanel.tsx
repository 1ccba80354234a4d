/** Picks the register's card reader and shows its connection: Connect / Take over / Reconnect / Disconnect. */
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReaderLink } from './use-reader.ts';

function statusText(link: ReaderLink, t: TFunction<'counter'>): string {
  const name = link.selected?.label ?? t('reader.theReader');
  switch (link.status) {
    case 'connected':
      return t('reader.connected', { name });
    case 'connecting':
      return t('reader.connecting', { name });
    case 'lost':
      return t('reader.lost');
    default:
      return t('reader.notConnected');
  }
}

export function ReaderPanel({ link, disabled }: { link: ReaderLink; disabled: boolean }) {
  const { t } = useTranslation('counter');
  const selectId = useId();
  return (
    <section className="panel reader-panel" aria-labelledby={`${selectId}-heading`}>
      <h2 id={`${selectId}-heading`}>{t('reader.title')}</h2>
      {link.readers.length === 0 ? (
        <p className="muted">{t('reader.none')}</p>
      ) : (
        <>
          <label htmlFor={selectId}>{t('reader.label')}</label>
          <select
            id={selectId}
            className="input"
            value={link.selected?.id ?? ''}
            disabled={disabled || link.status === 'connecting'}
            onChange={(event) => link.select(event.target.value)}
          >
            {link.readers.map((reader) => (
              <option key={reader.id} value={reader.id}>
                {t(reader.status === 'offline' ? 'reader.optionOffline' : 'reader.option', {
                  label: reader.label,
                  kind: t(reader.integration === 'js_sdk' ? 'reader.browserSdk' : 'reader.serverDriven'),
                })}
              </option>
            ))}
          </select>
          <p className={`reader-status reader-${link.status}`} role="status">
            {statusText(link, t)}
          </p>
          {link.message && (
            <p className="error" role="alert">
              {link.message}
            </p>
          )}
          <div className="row">
            {link.status === 'connected' ? (
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => void link.disconnect()}
              >
                {t('reader.disconnect')}
              </button>
            ) : (
              <button
                type="button"
                className="button primary"
                disabled={disabled || link.status === 'connecting' || !link.selected}
                onClick={() => void link.connect()}
              >
                {link.status === 'lost' ? t('reader.reconnect') : t('reader.connect')}
              </button>
            )}
            <button
              type="button"
              className="button"
              disabled={disabled || link.status === 'connecting'}
              onClick={() => void link.refresh()}
            >
              {t('reader.refresh')}
            </button>
            {link.offerTakeOver && (
              <button
                type="button"
                className="button"
                disabled={disabled}
                onClick={() => void link.connect({ takeOver: true })}
              >
                {t('reader.takeOver')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
