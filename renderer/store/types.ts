// The shape of a store slice, kept apart from the whole state so that slices never import it.
import type { MasterApi } from '../../preload/api.ts';

/**
 * Builds slice `T`. `Needs` names what the slice reads or calls from other slices, so each slice
 * depends only on the slices it uses, and the whole state is assembled once in app-store.ts.
 */
export type SliceCreator<T, Needs = unknown> = (
  set: (partial: Partial<T>) => void,
  get: () => T & Needs,
  api: MasterApi,
) => T;
