// A time as the user's clock reads it, with the UTC time on hover.
import { clock } from '../format.ts';

export function LocalTime({ iso }: { iso: string | null }) {
  if (!iso) return <>—</>;
  return <time dateTime={iso} title={`${new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`}>{clock(iso)}</time>;
}
