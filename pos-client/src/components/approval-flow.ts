/**
 * The approval flow of useApproval (ApprovalDialog.tsx): runs the work, asks for a manager's PIN where the
 * server wants one and asks again after a wrong PIN. Loaded on demand with the first work that may need
 * an approval (none is part of the counter's first screen).
 */
import type { Approval } from '@countertop/shared';
import { ApiError } from '../lib/api-client.ts';
import { describeError } from '../lib/errors.ts';

/** Why the work needs someone's approval, in the words of the dialog. */
class ApprovalCanceled extends ApiError {
  constructor(original: ApiError | null) {
    super(
      original?.code ?? 'approval_required',
      original?.message ?? 'approval_required',
      original?.status ?? 403,
    );
  }
}

/**
 * Runs `work`, asking (`ask`, with the last refusal's words) for an approval where the server wants one
 * (403 `approval_required`), or first when `options.ask`; asks again after a wrong PIN. Rejects with the
 * refusal when the person cancels, and with any other failure as it is.
 */
export async function runWithApproval<T>(
  work: (approval?: Approval) => Promise<T>,
  ask: (error: string | null) => Promise<Approval | null>,
  options: { ask?: boolean } = {},
): Promise<T> {
  let refusal: ApiError | null = null;
  if (!options.ask) {
    try {
      return await work();
    } catch (failure) {
      if (!(failure instanceof ApiError) || failure.code !== 'approval_required') throw failure;
      refusal = failure;
    }
  }
  let error: string | null = null;
  for (;;) {
    const approval = await ask(error);
    if (!approval) throw new ApprovalCanceled(refusal);
    try {
      return await work(approval);
    } catch (failure) {
      if (!(failure instanceof ApiError) || !['invalid_approval', 'invalid_pin'].includes(failure.code)) {
        throw failure;
      }
      refusal = failure;
      error = describeError(failure).message;
    }
  }
}
