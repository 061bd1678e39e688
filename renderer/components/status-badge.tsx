import type { JobStatus } from '../../preload/api.ts';
import { STATUS_LABEL } from '../format.ts';

export function StatusBadge({ status }: { status: JobStatus }) {
  return <span className={`badge status-${status}`} data-status={status}>{STATUS_LABEL[status] ?? status}</span>;
}
