import { useAuthedQuery } from '@org/react';
import { useEffect, useRef, useState } from 'react';
import { favorites } from '../api/endpoints.js';
import { CityCard } from './CityCard.js';
import { CityPicker } from './CityPicker.js';
import { ErrorState } from './ErrorState.js';
import { ForecastView } from './ForecastView.js';
import { SessionPanel } from './SessionPanel.js';

/** The signed-in view: favorites as live cards, a picker, a forecast and the session panel. */
export function Dashboard() {
  const { data: cities, error, refetch } = useAuthedQuery(favorites);
  const [selected, setSelected] = useState<string | undefined>();
  const shown = selected && cities?.includes(selected) ? selected : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  // Signed in: the sign-in form is gone, so the focus moves here instead of falling to <body>.
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="dashboard">
      <div className="main-column">
        <h2 ref={heading} tabIndex={-1}>
          Your cities
        </h2>
        <CityPicker current={cities ?? []} />
        {error && !cities && <ErrorState error={error} onRetry={() => void refetch()} />}
        {!cities && !error && (
          <div className="cards" aria-busy="true">
            {[0, 1, 2].map((i) => (
              <div key={i} className="card skeleton" />
            ))}
          </div>
        )}
        {cities && cities.length === 0 && (
          <p className="empty">No favorite cities yet. Add one above to see its weather live.</p>
        )}
        {cities && cities.length > 0 && (
          <div className="cards">
            {cities.map((city) => (
              <CityCard
                key={city}
                city={city}
                selected={city === shown}
                onSelect={(c) => setSelected((s) => (s === c ? undefined : c))}
              />
            ))}
          </div>
        )}
        {shown && <ForecastView city={shown} onClose={() => setSelected(undefined)} />}
      </div>
      <SessionPanel />
    </div>
  );
}
