/**
 * One dispute: what the bank says (reason, status, deadline in the location's zone), the sale it belongs to,
 * the money Stripe moved for it (taken back, returned, dispute fees, net), the e-mails sent about it, and the
 * evidence form — the text fields and file slots that fit an in-person sale. Files (PDF, PNG or JPEG of at
 * most 5 MB) upload as they are chosen; "Save" keeps the evidence on Stripe, "Submit to the bank" sends it
 * after a confirmation (it can be done once). Each attempt carries one submission key, kept for a retry of
 * the same attempt and renewed when anything changes. The form is hidden when evidence cannot be sent.
 */
import {
  MAX_EVIDENCE_TEXT_LENGTH,
  type MerchantContextResponse,
  type MerchantDisputeDetail,
} from '@countertop/shared';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { useConfirm } from '../../components/ui/Dialog.tsx';
import { TextField } from '../../components/ui/Field.tsx';
import { ActionMessages, ErrorMessage } from '../../components/ui/Messages.tsx';
import { LoadingState } from '../../components/ui/States.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { createFormatters, type Formatters } from '../../lib/format.ts';
import { uuid } from '../../lib/uuid.ts';
import { DisputeDeadline, disputeReason, disputeStatus } from './DisputesScreen.tsx';
import {
  ACCEPT_EVIDENCE,
  type EvidenceFiles,
  type EvidenceText,
  evidenceBody,
  evidenceFileProblem,
  FORM_FILE_FIELDS,
  FORM_TEXT_FIELDS,
  type FormFileField,
  initialFiles,
  initialText,
  tooLongFields,
} from './disputes.ts';
import { cardBrand, saleStatus } from './format.ts';
import type { MerchantApi } from './merchant-api.ts';

export function DisputeScreen({
  api,
  context,
  disputeId,
  onBack,
  onOpenSale,
}: {
  api: MerchantApi;
  context: MerchantContextResponse;
  disputeId: string;
  onBack: () => void;
  onOpenSale: (saleId: string) => void;
}) {
  const { t } = useTranslation('merchant');
  const loaded = useAsync(() => api.dispute(disputeId), [disputeId]);
  const [updated, setUpdated] = useState<MerchantDisputeDetail | null>(null);
  const dispute = updated?.id === disputeId ? updated : (loaded.data?.dispute ?? null);
  return (
    <section className="stack" aria-labelledby="dispute-title">
      <div className="row">
        <Button variant="link" onClick={onBack}>
          {t('dispute.back')}
        </Button>
      </div>
      <ErrorMessage text={loaded.error} />
      {!dispute && loaded.loading && <LoadingState />}
      {dispute && (
        <DisputeDetail
          // Another dispute starts the form again from what Stripe holds; a saved answer keeps the form and
          // its message (the form already holds what was saved).
          key={dispute.id}
          api={api}
          dispute={dispute}
          readOnly={context.viewer.kind === 'support'}
          onChanged={setUpdated}
          onOpenSale={onOpenSale}
        />
      )}
    </section>
  );
}

function DisputeDetail({
  api,
  dispute,
  readOnly,
  onChanged,
  onOpenSale,
}: {
  api: MerchantApi;
  dispute: MerchantDisputeDetail;
  readOnly: boolean;
  onChanged: (dispute: MerchantDisputeDetail) => void;
  onOpenSale: (saleId: string) => void;
}) {
  const { t } = useTranslation('merchant');
  const base = useFormatters();
  const format = useMemo(
    () => createFormatters(base.locale, dispute.timeZone),
    [base.locale, dispute.timeZone],
  );
  const m = (value: number) => format.money(value, dispute.currency);
  const amount = m(dispute.amountMinor);
  return (
    <>
      <h2 id="dispute-title">{t('dispute.title', { amount, reason: disputeReason(dispute, t) })}</h2>
      <p className="muted">{t('common:times', { zone: format.zoneName() })}</p>
      <dl className="facts">
        <dt>{t('dispute.status')}</dt>
        <dd data-testid="dispute-status">{disputeStatus(dispute, t)}</dd>
        <dt>{t('dispute.kind')}</dt>
        <dd>{t(`dispute.kinds.${dispute.kind}`)}</dd>
        <dt>{t('dispute.reason')}</dt>
        <dd>{disputeReason(dispute, t)}</dd>
        <dt>{t('dispute.amount')}</dt>
        <dd>{amount}</dd>
        <dt>{t('dispute.opened')}</dt>
        <dd>{format.dateTime(dispute.openedAt)}</dd>
        <dt>{t('dispute.dueBy')}</dt>
        <dd data-testid="dispute-due-by">
          <DisputeDeadline dispute={dispute} nowMs={Date.now()} />
        </dd>
        <dt>{t('dispute.carriedByLabel')}</dt>
        <dd>{t(`disputes.carriedBy.${dispute.carriedBy}`)}</dd>
        {dispute.outcome && (
          <>
            <dt>{t('dispute.outcome')}</dt>
            <dd data-testid="dispute-outcome">{t(`dispute.outcomes.${dispute.outcome}`)}</dd>
          </>
        )}
      </dl>
      {dispute.kind === 'inquiry' && dispute.chargeRefundable && (
        <p className="muted">{t('dispute.inquiryRefundable')}</p>
      )}

      <h3>{t('dispute.saleTitle')}</h3>
      {dispute.sale ? (
        <p>
          <a
            href={`/merchant/sales/${encodeURIComponent(dispute.sale.id)}`}
            onClick={(event) => {
              event.preventDefault();
              onOpenSale(dispute.sale?.id ?? '');
            }}
          >
            {t('dispute.saleLine', {
              amount: format.money(dispute.sale.totalMinor, dispute.sale.currency),
              when: format.dateTime(dispute.sale.createdAt),
            })}
          </a>
          {' · '}
          {saleStatus(dispute.sale.status)}
          {dispute.sale.card?.last4
            ? ` · ${cardBrand(dispute.sale.card.brand)} •••• ${dispute.sale.card.last4}`
            : ''}
        </p>
      ) : (
        <p className="muted">{t('dispute.noSale')}</p>
      )}

      <h3>{t('dispute.moneyTitle')}</h3>
      <dl className="facts" data-testid="dispute-money">
        <dt>{t('dispute.money.withdrawn')}</dt>
        <dd>{m(dispute.withdrawnMinor)}</dd>
        <dt>{t('dispute.money.reinstated')}</dt>
        <dd>{m(dispute.reinstatedMinor)}</dd>
        <dt>{t('dispute.money.fees')}</dt>
        <dd>{m(dispute.feesMinor)}</dd>
        <dt>{t('dispute.money.net')}</dt>
        <dd>{m(dispute.netMinor)}</dd>
      </dl>
      {dispute.carriedBy === 'platform' && <p className="muted">{t('dispute.platformCarries')}</p>}

      {dispute.notices.length > 0 && (
        <>
          <h3>{t('dispute.noticesTitle')}</h3>
          <ul>
            {dispute.notices.map((notice) => (
              <li key={`${notice.kind}-${notice.sentAt}`}>
                {t(`dispute.notice.${notice.kind}`, {
                  when: format.dateTime(notice.sentAt),
                  to: notice.recipients.join(', '),
                })}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('dispute.evidenceTitle')}</h3>
      {dispute.canSubmitEvidence && !readOnly ? (
        <EvidenceForm api={api} dispute={dispute} format={format} onChanged={onChanged} />
      ) : (
        <>
          <p className="notice" data-testid="evidence-closed">
            {readOnly ? t('dispute.readOnly') : cannotSubmitText(dispute, t)}
          </p>
          <SubmittedEvidence dispute={dispute} />
        </>
      )}
    </>
  );
}

/** Why evidence cannot be sent, in the UI language where we know the case (else the server's words). */
function cannotSubmitText(
  dispute: MerchantDisputeDetail,
  t: ReturnType<typeof useTranslation<'merchant'>>['t'],
): string {
  if (dispute.stage === 'closed') return t('dispute.cannot.closed');
  if (dispute.stage === 'under_review') return t('dispute.cannot.underReview');
  if (dispute.pastDue) return t('dispute.cannot.pastDue');
  return dispute.cannotSubmitReason ?? t('dispute.cannot.other');
}

function SubmittedEvidence({ dispute }: { dispute: MerchantDisputeDetail }) {
  const { t } = useTranslation('merchant');
  const text = FORM_TEXT_FIELDS.filter((field) => dispute.evidence.text[field]);
  if (text.length === 0 && dispute.files.length === 0) return null;
  return (
    <dl className="facts" data-testid="evidence-sent">
      {text.map((field) => (
        <div key={field} className="contents">
          <dt>{t(`evidence.text.${field}`)}</dt>
          <dd>{dispute.evidence.text[field]}</dd>
        </div>
      ))}
      {dispute.files.map((file) => (
        <div key={file.id} className="contents">
          <dt>{t(`evidence.file.${file.field}`, { defaultValue: file.field })}</dt>
          <dd>{file.fileName}</dd>
        </div>
      ))}
    </dl>
  );
}

function EvidenceForm({
  api,
  dispute,
  format,
  onChanged,
}: {
  api: MerchantApi;
  dispute: MerchantDisputeDetail;
  format: Formatters;
  onChanged: (dispute: MerchantDisputeDetail) => void;
}) {
  const { t } = useTranslation('merchant');
  const [text, setText] = useState<EvidenceText>(() => initialText(dispute));
  const [files, setFiles] = useState<EvidenceFiles>(() => initialFiles(dispute));
  const [fileErrors, setFileErrors] = useState<Partial<Record<FormFileField, string>>>({});
  const save = useAction();
  const upload = useAction();
  const { confirm, dialog } = useConfirm();
  // One key per attempt: a retry after a failure sends the same key (never two submissions); any change
  // starts a new attempt.
  const attemptKey = useRef<string | null>(null);
  const amount = format.money(dispute.amountMinor, dispute.currency);
  const tooLong = tooLongFields(text);

  const changeText = (field: (typeof FORM_TEXT_FIELDS)[number], value: string) => {
    attemptKey.current = null;
    setText((current) => ({ ...current, [field]: value }));
  };

  const chooseFile = async (field: FormFileField, file: File | undefined) => {
    setFileErrors((current) => ({ ...current, [field]: undefined }));
    if (!file) return;
    const problem = evidenceFileProblem(file);
    if (problem) {
      setFileErrors((current) => ({ ...current, [field]: t(`evidence.problem.${problem}`) }));
      return;
    }
    await upload.run(
      async () => {
        const uploaded = await api.uploadEvidenceFile(dispute.id, field, file);
        attemptKey.current = null;
        setFiles((current) => ({ ...current, [field]: uploaded.file }));
      },
      t('evidence.uploaded', { name: file.name }),
    );
  };

  const send = async (submit: boolean) => {
    if (tooLong.length > 0) {
      save.fail(t('evidence.tooLong', { max: format.number(MAX_EVIDENCE_TEXT_LENGTH) }));
      return;
    }
    if (submit) {
      const yes = await confirm({
        title: t('evidence.confirm.title', { amount }),
        detail: t('evidence.confirm.detail'),
        confirmLabel: t('evidence.submit'),
        tone: 'primary',
      });
      if (!yes) return;
    }
    attemptKey.current ??= uuid();
    const key = attemptKey.current;
    await save.run(
      async () => {
        const result = await api.saveEvidence(dispute.id, evidenceBody(text, files, submit, key));
        attemptKey.current = null;
        onChanged(result.dispute);
      },
      submit ? t('evidence.submitted') : t('evidence.saved'),
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(false);
  };

  return (
    <form className="stack evidence-form" onSubmit={onSubmit} aria-labelledby="evidence-form-title">
      <p id="evidence-form-title" className="muted">
        {t('evidence.intro')}
      </p>
      {dispute.hasEvidence && <p className="muted">{t('evidence.hasSaved')}</p>}
      {FORM_TEXT_FIELDS.map((field) => (
        <TextField
          key={field}
          label={t(`evidence.text.${field}`)}
          hint={t(`evidence.hint.${field}`)}
          value={text[field]}
          onChange={(value) => changeText(field, value)}
          type={field === 'customer_email_address' ? 'email' : 'text'}
          error={tooLong.includes(field) ? t('evidence.fieldTooLong') : undefined}
        />
      ))}
      <fieldset className="stack">
        <legend>{t('evidence.filesTitle')}</legend>
        <p className="muted">{t('evidence.filesHint')}</p>
        {FORM_FILE_FIELDS.map((field) => (
          <FileSlot
            key={field}
            field={field}
            chosen={files[field]?.fileName ?? null}
            error={fileErrors[field] ?? null}
            disabled={upload.pending || save.pending}
            onChoose={(file) => void chooseFile(field, file)}
          />
        ))}
        <ActionMessages action={upload} />
      </fieldset>
      <div className="row">
        <Button type="submit" disabled={save.pending || upload.pending}>
          {t('evidence.save')}
        </Button>
        <Button variant="primary" disabled={save.pending || upload.pending} onClick={() => void send(true)}>
          {t('evidence.submit')}
        </Button>
      </div>
      <ActionMessages action={save} />
      {dialog}
    </form>
  );
}

function FileSlot({
  field,
  chosen,
  error,
  disabled,
  onChoose,
}: {
  field: FormFileField;
  chosen: string | null;
  error: string | null;
  disabled: boolean;
  onChoose: (file: File | undefined) => void;
}) {
  const { t } = useTranslation('merchant');
  const id = `evidence-file-${field}`;
  return (
    <div className="field">
      <label htmlFor={id}>{t(`evidence.file.${field}`)}</label>
      <input
        id={id}
        type="file"
        accept={ACCEPT_EVIDENCE}
        disabled={disabled}
        aria-describedby={`${id}-state`}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          onChoose(event.target.files?.[0]);
          event.target.value = '';
        }}
      />
      <small id={`${id}-state`} className={error ? 'field-error' : 'field-hint'} data-testid={id}>
        {error ?? (chosen ? t('evidence.chosen', { name: chosen }) : t('evidence.noFile'))}
      </small>
    </div>
  );
}
