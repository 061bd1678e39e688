// One line naming what blocks a job in NEEDS_RESOLVE: the first blocked file, how many there
// are, who made the source change, and who holds a lock. The job list, the tray menu and every
// notification say the same. Imports nothing at runtime (the renderer loads it too).
import type { ConflictDto } from './api.ts';

export function conflictSummary(conflicts: readonly ConflictDto[]): string {
  const [first] = conflicts;
  if (!first) return 'no conflicts';
  const count = conflicts.length === 1 ? '1 conflict' : `${conflicts.length} conflicts`;
  const about = [first.source ? `change ${first.source.change} by ${first.source.user}` : '', first.locked_by ? `locked by ${first.locked_by}` : ''].filter(Boolean);
  const lock = first.locked_by ? undefined : conflicts.find((c) => c.locked_by);
  const locked = lock ? `; ${lock.depot_file} locked by ${lock.locked_by}` : '';
  return `${count}: ${first.depot_file}${about.length ? ` (${about.join(', ')})` : ''}${conflicts.length > 1 ? ` and ${conflicts.length - 1} more` : ''}${locked}`;
}
