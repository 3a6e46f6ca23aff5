import { LineChart } from '../components/LineChart.js';
import { BUCKET_MS, useThroughput } from '../live/throughput.js';

/** Jobs per second finished and enqueued, and the share that failed, over the last minutes. */
export function ThroughputCharts() {
  const buckets = useThroughput();
  const labels = buckets.map((b) => new Date(b.start).toLocaleTimeString());
  const perSecond = (n: number) => n / (BUCKET_MS / 1000);
  return (
    <div className="charts">
      <LineChart
        title="Throughput (jobs/s)"
        xLabels={labels}
        format={(v) => `${v.toFixed(1)}/s`}
        series={[
          { label: 'succeeded', color: 'var(--ok)', values: buckets.map((b) => perSecond(b.succeeded)) },
          { label: 'failed', color: 'var(--bad)', values: buckets.map((b) => perSecond(b.failed)) },
          { label: 'enqueued', color: 'var(--accent)', values: buckets.map((b) => perSecond(b.enqueued)) },
        ]}
      />
      <LineChart
        title="Failure rate"
        xLabels={labels}
        format={(v) => `${Math.round(v)} %`}
        series={[
          {
            label: 'failed / finished',
            color: 'var(--bad)',
            values: buckets.map((b) =>
              b.succeeded + b.failed === 0 ? 0 : (100 * b.failed) / (b.succeeded + b.failed),
            ),
          },
        ]}
      />
    </div>
  );
}
