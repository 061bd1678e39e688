// Where the user is (hash routes, so a reload or a notification click lands on the same
// screen), the state of the link to the master, and whether the master can store what it gets.
import type { StoreHealthDto } from '../../preload/api.ts';
import type { SliceCreator } from './types.ts';

export type Route =
  | { screen: 'jobs' }
  | { screen: 'job'; jobId: string; find?: string }
  | { screen: 'resolve' }
  | { screen: 'agents' }
  | { screen: 'history' }
  | { screen: 'settings' };

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
      return find ? { screen: 'job', jobId: parts[1], find } : { screen: 'job', jobId: parts[1] };
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

export function routeHash(route: Route): string {
  if (route.screen === 'job') return `#/jobs/${encodeURIComponent(route.jobId)}${route.find ? `?${new URLSearchParams({ find: route.find })}` : ''}`;
  return `#/${route.screen}`;
}

export function navigate(route: Route): void {
  location.hash = routeHash(route);
}
