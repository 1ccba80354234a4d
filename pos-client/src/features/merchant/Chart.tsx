/**
 * A small uPlot chart (bars or a line) for the merchant view: x values are labels we supply (hours,
 * dates), y values are minor units shown in the currency. The chart's numbers are also in the tables next
 * to it, so the canvas is marked as an image with a text summary for screen readers.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useFormatters } from '../../hooks/use-formatters.ts';

interface ChartProps {
  title: string;
  labels: string[];
  valuesMinor: number[];
  currency: string;
  kind: 'bars' | 'line';
  height?: number;
}

export function Chart({ title, labels, valuesMinor, currency, kind, height = 220 }: ChartProps) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const formatMoney = format.money;
  const container = useRef<HTMLDivElement>(null);
  // Callers pass fresh arrays on every render: redraw only when the numbers change.
  const dataKey = JSON.stringify([labels, valuesMinor]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `dataKey` stands for `labels` and `valuesMinor`.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const xs = labels.map((_, index) => index);
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth || 640),
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        {
          values: (_u, splits) => splits.map((split) => labels[Math.round(split)] ?? ''),
          space: 40,
        },
        { values: (_u, splits) => splits.map((split) => formatMoney(Math.round(split), currency)), size: 80 },
      ],
      series: [
        {},
        {
          label: title,
          stroke: getComputedStyle(element).getPropertyValue('--accent').trim() || '#2f5bd3',
          width: 2,
          fill: kind === 'bars' ? 'rgba(47, 91, 211, 0.55)' : 'rgba(47, 91, 211, 0.12)',
          ...(kind === 'bars'
            ? { paths: uPlot.paths.bars?.({ size: [0.7, 40] }), points: { show: false } }
            : {}),
        },
      ],
    };
    const chart = new uPlot(options, [xs, valuesMinor], element);
    const resize = () => chart.setSize({ width: Math.max(320, element.clientWidth), height });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.destroy();
    };
  }, [dataKey, currency, kind, height, title, formatMoney]);

  const total = valuesMinor.reduce((sum, value) => sum + value, 0);
  const peak = valuesMinor.reduce(
    (best, value, index) => (value > (valuesMinor[best] ?? 0) ? index : best),
    0,
  );
  const summary =
    total === 0
      ? t('summary.chartNone', { title })
      : t('summary.chartSummary', {
          title,
          total: formatMoney(total, currency),
          peak: formatMoney(valuesMinor[peak] ?? 0, currency),
          at: labels[peak],
        });
  return (
    <figure className="merchant-chart">
      <figcaption>{title}</figcaption>
      <div ref={container} role="img" aria-label={summary} />
    </figure>
  );
}
