import { useAuthedMutation, useAuthedQuery } from '@org/react';
import { type FormEvent, useState } from 'react';
import { addFavorite, cities, favorites } from '../api/endpoints.js';
import { InlineError } from './ErrorState.js';

/** Adds a city to the favorites. The read-only demo user gets a clear "no permission" message. */
export function CityPicker({ current }: { current: readonly string[] }) {
  const { data } = useAuthedQuery(cities);
  const add = useAuthedMutation(addFavorite, { invalidates: [favorites] });
  const [city, setCity] = useState('');
  const choices = (data?.cities ?? []).filter((c) => !current.includes(c.id));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (city) add.mutate({ params: { city } }, { onSuccess: () => setCity('') });
  };

  return (
    <form className="picker" onSubmit={submit} aria-label="Add a favorite city">
      <label htmlFor="city-picker">Add a city</label>
      <div className="row">
        <select
          id="city-picker"
          value={city}
          onChange={(e) => setCity(e.target.value)}
          disabled={!data}
        >
          <option value="">{data ? 'Choose a city…' : 'Loading cities…'}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.country})
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!city || add.isPending}>
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
      </div>
      <InlineError error={add.error} />
    </form>
  );
}
