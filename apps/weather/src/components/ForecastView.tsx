import { useAuthedQuery } from '@org/react';
import { useState } from 'react';
import { forecast } from '../api/endpoints.js';
import { ErrorState } from './ErrorState.js';
import type { describeConditions } from './format.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = 28;

/** The hourly forecast of one city as a chart: temperature line over chance-of-rain bars. */
export function ForecastView({ city, onClose }: { city: string; onClose: () => void }) {
  const [hours, setHours] = useState<24 | 48>(24);
  const { data, error, refetch } = useAuthedQuery(forecast, { params: { city }, query: { hours } });

  return (
    <section className="forecast" aria-labelledby="forecast-title">
      <header>
        <h2 id="forecast-title">{data ? `${data.name}: next ${hours} hours` : 'Forecast'}</h2>
        <div className="row">
          <fieldset className="segmented">
            <legend className="visually-hidden">Forecast length</legend>
            {([24, 48] as const).map((h) => (
              <button key={h} type="button" aria-pressed={hours === h} onClick={() => setHours(h)}>
                {h} h
              </button>
            ))}
          </fieldset>
          <button type="button" onClick={onClose} aria-label="Close the forecast">
            Close
          </button>
        </div>
      </header>
      {error && !data && <ErrorState error={error} onRetry={() => void refetch()} />}
      {!data && !error && <div className="chart skeleton" aria-busy="true" />}
      {data && <Chart points={data.hours} />}
    </section>
  );
}

function Chart({
  points,
}: {
  points: Array<{
    time: string;
    temperature: number;
    precipitationProbability: number;
    conditions: Parameters<typeof describeConditions>[0];
  }>;
}) {
  const temperatures = points.map((p) => p.temperature);
  const min = Math.floor(Math.min(...temperatures) - 1);
  const max = Math.ceil(Math.max(...temperatures) + 1);
  const x = (i: number) => PAD + (i * (WIDTH - 2 * PAD)) / Math.max(1, points.length - 1);
  const y = (t: number) => HEIGHT - PAD - ((t - min) * (HEIGHT - 2 * PAD)) / Math.max(1, max - min);
  const line = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.temperature).toFixed(1)}`)
    .join(' ');
  const barWidth = Math.max(2, (WIDTH - 2 * PAD) / points.length - 2);
  const hottest = points.reduce((a, b) => (b.temperature > a.temperature ? b : a));
  const coldest = points.reduce((a, b) => (b.temperature < a.temperature ? b : a));
  const hour = (time: string) =>
    new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Temperature from ${coldest.temperature}°C to ${hottest.temperature}°C`}
      >
        {points.map((p, i) => (
          <rect
            key={p.time}
            className="rain"
            x={x(i) - barWidth / 2}
            width={barWidth}
            y={HEIGHT - PAD - (p.precipitationProbability / 100) * (HEIGHT - 2 * PAD)}
            height={(p.precipitationProbability / 100) * (HEIGHT - 2 * PAD)}
          />
        ))}
        <line className="axis" x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} />
        <path className="temperature-line" d={line} />
        <text x={4} y={y(max) + 4} className="label">{`${max}°`}</text>
        <text x={4} y={y(min) + 4} className="label">{`${min}°`}</text>
        {points.map((p, i) =>
          i % 6 === 0 ? (
            <text key={p.time} x={x(i)} y={HEIGHT - 8} className="label" textAnchor="middle">
              {hour(p.time)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="muted">
        High {hottest.temperature}°C at {hour(hottest.time)} · low {coldest.temperature}°C at{' '}
        {hour(coldest.time)} · bars: chance of rain
      </figcaption>
    </figure>
  );
}
