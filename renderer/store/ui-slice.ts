// Where the user is (hash routes, so a reload or a notification click lands on the same
// screen), the state of the link to the master, and whether the master can store what it gets.
import type { StoreHealthDto, StreamName } from '../../preload/api.ts';
import type { SliceCreator } from './types.ts';

export type Route =
  | { screen: 'jobs' }
  | { screen: 'job'; jobId: string; find?: string; at?: LineRef }
  | { screen: 'resolve' }
  | { screen: 'agents' }
  | { screen: 'history' }
  | { screen: 'settings' }
  | { screen: 'commands'; cmdId?: string; at?: LineRef };

/** A line of a stage run's output: `#/jobs/ID/stage/N/L123` (stdout) or `…/stage/N/stderr/L123`. */
export interface LineRef {
  /** 1-based index of the run in the job's stage list. */
  run: number;
  stream: StreamName;
  line: number;
}

export type Connection = 'connecting' | 'open' | 'closed';

export interface UiSlice {
  route: Route;
  connection: Connection;
  newJobOpen: boolean;
  /** The last `store` event: not ok while the master's store refuses writes (e.g. disk full); null before any. */
  storeHealth: StoreHealthDto | null;
  setRoute(route: Route): void;
  setConnection(connection: Connection): void;
  setNewJobOpen(open: boolean): void;
  setStoreHealth(health: StoreHealthDto): void;
}

export const uiSlice: SliceCreator<UiSlice> = (set) => ({
  route: parseHash(typeof location === 'undefined' ? '' : location.hash),
  connection: 'connecting',
  newJobOpen: false,
  storeHealth: null,
  setRoute: (route) => set({ route }),
  setConnection: (connection) => set({ connection }),
  setNewJobOpen: (newJobOpen) => set({ newJobOpen }),
  setStoreHealth: (storeHealth) => set({ storeHealth }),
});

export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'jobs': {
      if (!parts[1]) return { screen: 'jobs' };
      const find = new URLSearchParams(search).get('find');
      const route: Route = { screen: 'job', jobId: parts[1], ...(find ? { find } : {}) };
      const at = parseLineRef(parts.slice(2));
      return at ? { ...route, at } : route;
    }
    case 'commands': {
      if (!parts[1]) return { screen: 'commands' };
      const stream: StreamName = parts[2] === 'stderr' ? 'stderr' : 'stdout';
      const line = /^L(\d+)$/.exec(parts[stream === 'stderr' ? 3 : 2] ?? '');
      return { screen: 'commands', cmdId: parts[1], ...(line || stream === 'stderr' ? { at: { run: 0, stream, line: line ? Number(line[1]) : 0 } } : {}) };
    }
    case 'resolve':
    case 'agents':
    case 'history':
    case 'settings':
      return { screen: parts[0] };
    default:
      return { screen: 'jobs' };
  }
}

function parseLineRef(parts: string[]): LineRef | undefined {
  if (parts[0] !== 'stage' || !/^\d+$/.test(parts[1] ?? '')) return undefined;
  const stream: StreamName = parts[2] === 'stderr' ? 'stderr' : 'stdout';
  const line = /^L(\d+)$/.exec(parts[stream === 'stderr' ? 3 : 2] ?? '');
  return { run: Number(parts[1]), stream, line: line ? Number(line[1]) : 0 };
}

/** The hash of a stage run's output, or of one of its lines (`line` > 0). */
export function lineHash(jobId: string, at: LineRef): string {
  return `#/jobs/${encodeURIComponent(jobId)}/stage/${at.run}${at.stream === 'stderr' ? '/stderr' : ''}${at.line > 0 ? `/L${at.line}` : ''}`;
}

export function routeHash(route: Route): string {
  if (route.screen === 'job') {
    const base = route.at ? lineHash(route.jobId, route.at) : `#/jobs/${encodeURIComponent(route.jobId)}`;
    return `${base}${route.find ? `?${new URLSearchParams({ find: route.find })}` : ''}`;
  }
  if (route.screen === 'commands' && route.cmdId) return `#/commands/${encodeURIComponent(route.cmdId)}`;
  return `#/${route.screen}`;
}

export function navigate(route: Route): void {
  location.hash = routeHash(route);
}
