/** After an approved sale: open the printable receipt, or email it to the customer. */
import { type FormEvent, useId, useState } from 'react';
import type { CounterApi } from '../../lib/counter-api.ts';
import { describeError } from '../../lib/errors.ts';

export function ReceiptActions({ api, saleId }: { api: CounterApi; saleId: string }) {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'sent' | 'error'; message?: string }>({
    kind: 'idle',
  });
  const id = useId();

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setState({ kind: 'sending' });
    try {
      await api.emailReceipt(saleId, email.trim());
      setState({ kind: 'sent', message: `Receipt sent to ${email.trim()}.` });
    } catch (error) {
      const { code, message } = describeError(error);
      setState({ kind: 'error', message: code === 'invalid_request' ? 'Check the email address.' : message });
    }
  };

  return (
    <div className="receipt-actions">
      <a className="button" href={api.receiptUrl(saleId)} target="_blank" rel="noopener">
        Open receipt
      </a>
      <form onSubmit={send} className="row">
        <label htmlFor={id} className="visually-hidden">
          Customer email
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
        <button type="submit" className="button" disabled={state.kind === 'sending'}>
          Email receipt
        </button>
      </form>
      {state.kind === 'sent' && <p role="status">{state.message}</p>}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {state.message}
        </p>
      )}
    </div>
  );
}
