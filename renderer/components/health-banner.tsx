// A line across the top when the master says it is not healthy (GET /api/health): its store
// cannot be read, or its local agent could not start.
import { useEffect, useState } from 'react';
import type { Health } from '../../preload/api.ts';
import { useApi } from '../app-context.tsx';

const CHECK_EVERY_MS = 15_000;

export function HealthBanner() {
  const api = useApi();
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
  }, [api]);
  if (!health || health.ok) return null;
  const problems = [
    health.store.ok ? null : `The master cannot read its store: ${health.store.error ?? 'unknown error'}`,
    health.local_agent?.error ? `The local agent is not running: ${health.local_agent.error}` : null,
  ].filter(Boolean);
  return <p className="health-banner error" role="alert">{problems.join(' — ')}</p>;
}
