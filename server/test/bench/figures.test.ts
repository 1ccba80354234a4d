import { afterEach, describe, expect, it, vi } from 'vitest';
import { median, percentile, reportContext, reportFigure } from '../../bench/lib/figures.ts';

describe('benchmark figures', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes the median of odd and even sample counts without reordering the input', () => {
    const samples = [5, 1, 3];
    expect(median(samples)).toBe(3);
    expect(samples).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('uses nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 0.99)).toBe(99);
    expect(percentile(samples, 1)).toBe(100);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([7], 0.5)).toBe(7);
  });

  it('prints one machine-readable BENCH line per figure, checked against its target', () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
    expect(reportFigure('checkout.p99_ms', 101.23456, 'ms', '<=', 100).ok).toBe(false);
    expect(reportFigure('checkout.throughput', 300, 'checkouts/s', '>=', 300).ok).toBe(true);
    reportContext('reports.naive_scan_ms', 0.123456, 'ms');
    expect(printed).toEqual([
      'BENCH {"name":"checkout.p99_ms","value":101.2,"unit":"ms","target":"<= 100","ok":false}',
      'BENCH {"name":"checkout.throughput","value":300,"unit":"checkouts/s","target":">= 300","ok":true}',
      'BENCH {"name":"reports.naive_scan_ms","value":0.1235,"unit":"ms","target":"info","ok":true}',
    ]);
  });
});
