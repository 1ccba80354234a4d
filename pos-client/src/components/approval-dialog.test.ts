// Asking for a manager's PIN: only when the server wants one (or first, when asked to), again after a wrong
// PIN, and the refusal when the person cancels.
import type { Approval } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api-client.ts';
import { runWithApproval } from './approval-flow.ts';

const ana: Approval = { staffId: 'stf_ana', pin: '1234' };

function server(pin = '1234') {
  const calls: (Approval | undefined)[] = [];
  const work = async (approval?: Approval) => {
    calls.push(approval);
    if (!approval) throw new ApiError('approval_required', 'needs a manager', 403);
    if (approval.pin !== pin) throw new ApiError('invalid_approval', 'wrong PIN', 403);
    return 'refunded';
  };
  return { calls, work };
}

describe('runWithApproval', () => {
  it('runs without asking when the server needs no approval', async () => {
    const asked: (string | null)[] = [];
    const result = await runWithApproval(
      async () => 'done',
      async (error) => {
        asked.push(error);
        return ana;
      },
    );
    expect(result).toBe('done');
    expect(asked).toEqual([]);
  });

  it('asks on approval_required, and again with the refusal after a wrong PIN', async () => {
    const { calls, work } = server();
    const answers = [{ ...ana, pin: '9999' }, ana];
    const asked: (string | null)[] = [];
    const result = await runWithApproval(work, async (error) => {
      asked.push(error);
      return answers.shift() ?? null;
    });
    expect(result).toBe('refunded');
    expect(calls.map((call) => call?.pin ?? null)).toEqual([null, '9999', '1234']);
    expect(asked[0]).toBeNull();
    expect(asked[1]).toEqual(expect.any(String));
  });

  it('asks first when told to, and rejects with the refusal when the person cancels', async () => {
    const { calls, work } = server();
    await expect(runWithApproval(work, async () => null, { ask: true })).rejects.toMatchObject({
      code: 'approval_required',
    });
    expect(calls).toEqual([]);
    const other = runWithApproval(
      async () => {
        throw new ApiError('drawer_closed', 'closed', 409);
      },
      async () => ana,
    );
    await expect(other).rejects.toMatchObject({ code: 'drawer_closed' });
  });
});
