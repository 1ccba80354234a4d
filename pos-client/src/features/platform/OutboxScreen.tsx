/**
 * The platform's outbox (`/platform/outbox`): without SMTP_URL the server does not send mail, it keeps it
 * here (owner invitations with their one-time link, e-mailed receipts) instead of writing it to the log.
 * Newest first, kept 7 days, times in UTC (named). With SMTP configured it says where mail goes.
 */
import { useMemo } from 'react';
import { Button } from '../../components/ui/Button.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { createFormatters } from '../../lib/format.ts';
import { Panel } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

export function OutboxScreen({ api }: { api: PlatformApi }) {
  const outbox = useAsync(() => api.outbox(), [api]);
  const format = useMemo(() => createFormatters('en-US', 'UTC'), []);
  const data = outbox.data;
  const messages = [...(data?.messages ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Panel titleId="outbox-title" title="Outbox" level={1}>
      <div className="row spread">
        <p className="muted">
          {data?.delivery === 'smtp'
            ? `Mail is sent through ${data.description.replace(/^SMTP at /, '')}: nothing is kept here.`
            : `No mail server is configured (SMTP_URL): outgoing mail is kept here, for 7 days, instead of being sent. Newest first; times in ${format.zoneName()}.`}
        </p>
        <Button size="small" onClick={outbox.reload}>
          Refresh
        </Button>
      </div>
      {outbox.error ? <ErrorState message={outbox.error} onRetry={outbox.reload} /> : null}
      {outbox.loading && !data ? <LoadingState label="Loading the outbox…" /> : null}
      {data && data.delivery !== 'smtp' && messages.length === 0 ? <EmptyState title="No mail." /> : null}
      {messages.map((message) => (
        <details key={message.id} className="outbox-message">
          <summary>
            {format.dateTime(message.createdAt)} — to {message.to}: {message.subject}
          </summary>
          <pre>{message.text}</pre>
        </details>
      ))}
    </Panel>
  );
}
