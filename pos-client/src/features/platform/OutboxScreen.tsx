/**
 * The platform's outbox: without SMTP_URL the server does not send mail, it keeps it here (owner
 * invitations with their one-time link, e-mailed receipts) instead of writing it to the log. Newest first,
 * kept 7 days. With SMTP configured it says where mail goes.
 */
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { Panel } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

export function OutboxScreen({ api }: { api: PlatformApi }) {
  const outbox = useAsync(() => api.outbox(), [api]);
  const data = outbox.data;
  return (
    <Panel titleId="outbox-title" title="Outbox">
      <p className="muted">
        {data?.delivery === 'smtp'
          ? `Mail is sent through ${data.description.replace(/^SMTP at /, '')}: nothing is kept here.`
          : 'No mail server is configured (SMTP_URL): outgoing mail is kept here, for 7 days, instead of being sent.'}
      </p>
      <button type="button" className="button small" onClick={outbox.reload}>
        Refresh
      </button>
      <ErrorMessage text={outbox.error} />
      {data && data.messages.length === 0 && <p className="muted">No mail.</p>}
      {(data?.messages ?? []).map((message) => (
        <details key={message.id} className="outbox-message">
          <summary>
            {new Date(message.createdAt).toLocaleString()} — to {message.to}: {message.subject}
          </summary>
          <pre>{message.text}</pre>
        </details>
      ))}
    </Panel>
  );
}
