/** After an approved sale: open the printable receipt, or email it to the customer. */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionMessages } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { describeError } from '../../lib/errors.ts';
import { t as translate } from '../../lib/i18n/i18n.ts';

function describeSendFailure(failure: unknown): string {
  const { code, message } = describeError(failure);
  return code === 'invalid_request' ? translate('counter:receipt.checkEmail') : message;
}

export function ReceiptActions({ api, saleId }: { api: CounterApi; saleId: string }) {
  const { t } = useTranslation('counter');
  const [email, setEmail] = useState('');
  const sending = useAction(describeSendFailure);
  const id = useId();

  const send = (event: FormEvent) => {
    event.preventDefault();
    const to = email.trim();
    void sending.run(() => api.emailReceipt(saleId, to), t('receipt.sent', { email: to }));
  };

  return (
    <div className="receipt-actions">
      <a className="button" href={api.receiptUrl(saleId)} target="_blank" rel="noopener">
        {t('receipt.open')}
      </a>
      <form onSubmit={send} className="row">
        <label htmlFor={id} className="visually-hidden">
          {t('receipt.email')}
        </label>
        <input
          id={id}
          type="email"
          className="input"
          placeholder="customer@example.com"
          value={email}
          required
          onChange={(event) => setEmail(event.target.value)}
        />
        <button type="submit" className="button" disabled={sending.pending}>
          {t('receipt.send')}
        </button>
      </form>
      <ActionMessages action={sending} />
    </div>
  );
}
