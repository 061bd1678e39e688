// A line across the top when the master says it is not healthy (GET /api/health): its store
// cannot be read or written, or its local agent could not start. A `store` event (writes fail,
// or work again) shows at once and has the health read again.
import { useEffect, useState } from 'react';
import type { Health } from '../../preload/api.ts';
import { useApi, useApp } from '../app-context.tsx';

const CHECK_EVERY_MS = 15_000;

export function HealthBanner() {
  const api = useApi();
  const storeEvent = useApp((s) => s.storeHealth);
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => {
    let live = true;
    // A master that cannot be reached shows as the connection state in the navigation bar.
    const check = () => void api.health().then((h) => live && setHealth(h), () => undefined);
    check();
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, storeEvent]);
  const writeError = storeEvent && !storeEvent.ok ? storeEvent.error : null;
  if (!writeError && (!health || health.ok)) return null;
  const problems = [
    writeError ? `The master cannot store output: ${writeError}. Agents keep it and send it again once the store works`
      : health && !health.store.ok ? `The master cannot use its store: ${health.store.error ?? 'unknown error'}` : null,
    health?.local_agent?.error ? `The local agent is not running: ${health.local_agent.error}` : null,
  ].filter(Boolean);
  return <p className="health-banner error" role="alert">{problems.join(' — ')}</p>;
}
