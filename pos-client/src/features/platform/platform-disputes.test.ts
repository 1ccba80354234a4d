// The platform console's disputes and failed payouts: their addresses and the evidence state in words.
import { describe, expect, it } from 'vitest';
import { evidenceState } from './DisputesScreen.tsx';
import { parsePlatformPath, platformPath } from './routes.ts';

describe('platform disputes and failed payouts', () => {
  it('have their own console tabs', () => {
    expect(parsePlatformPath('/platform/disputes')).toEqual({ screen: 'disputes' });
    expect(parsePlatformPath('/platform/payout-failures')).toEqual({ screen: 'payout-failures' });
    expect(platformPath({ screen: 'disputes' })).toBe('/platform/disputes');
  });

  it('say whether evidence went to the bank', () => {
    expect(evidenceState({ submissionCount: 1, hasEvidence: true, stage: 'under_review' })).toBe('Submitted');
    expect(evidenceState({ submissionCount: 0, hasEvidence: true, stage: 'needs_response' })).toBe(
      'Saved, not submitted',
    );
    expect(evidenceState({ submissionCount: 0, hasEvidence: false, stage: 'needs_response' })).toBe(
      'None yet',
    );
    expect(evidenceState({ submissionCount: 0, hasEvidence: false, stage: 'closed' })).toBe('None');
  });
});
