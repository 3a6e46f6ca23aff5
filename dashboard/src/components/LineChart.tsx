export interface Series {
  label: string;
  /** A CSS colour (a custom property works: `var(--ok)`). */
  color: string;
  values: number[];
}

interface Props {
  title: string;
  series: Series[];
  /** The label of each x position, for the tooltip and the table read by screen readers. */
  xLabels: string[];
  /** Formats the y values (`12/s`, `3 %`). */
  format?: (value: number) => string;
  height?: number;
}

const WIDTH = 600;

/** A small SVG line chart that scales to its container, with the figures as a hidden table. */
export function LineChart({ title, series, xLabels, format = String, height = 140 }: Props) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const n = Math.max(2, xLabels.length);
  const x = (i: number) => (i / (n - 1)) * WIDTH;
  const y = (v: number) => height - 4 - (v / max) * (height - 8);
  return (
    <figure className="chart">
      <figcaption>
        {title}
        <span className="legend">
          {series.map((s) => (
            <span key={s.label}>
              <i style={{ background: s.color }} aria-hidden="true" /> {s.label}{' '}
              <strong>{format(s.values.at(-1) ?? 0)}</strong>
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}, peak ${format(max)}`}
      >
        <line x1="0" x2={WIDTH} y1={height - 4} y2={height - 4} className="axis" />
        {series.map((s) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={s.color}
            strokeWidth="2"
            vectorEffect="non-scaling-stroke"
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
        ))}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th>time</th>
            {series.map((s) => (
              <th key={s.label}>{s.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {xLabels.map((label, i) => (
            <tr key={label + i}>
              <td>{label}</td>
              {series.map((s) => (
                <td key={s.label}>{format(s.values[i] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
