// History: every job in the master's SQLite file, searched by job fields and by output text.
import type { JobQuery, JobStatus } from '../../preload/api.ts';
import { errorText } from '../api/api-call-error.ts';
import type { JobSummary } from './jobs-slice.ts';
import type { SliceCreator } from './types.ts';

export interface HistoryQuery {
  q: string;
  text: string;
  status: JobStatus | '';
  changelist: string;
}

export interface HistorySlice {
  historyQuery: HistoryQuery;
  /** The query the results answer (output search pre-fills the panes' find box). */
  historyAnswered: HistoryQuery | null;
  historyResults: JobSummary[];
  historyLoading: boolean;
  historyError: string | null;
  historyMore: boolean;
  setHistoryQuery(patch: Partial<HistoryQuery>): void;
  searchHistory(more?: boolean): Promise<void>;
}

const PAGE = 100;

export const historySlice: SliceCreator<HistorySlice> = (set, get, api) => ({
  historyQuery: { q: '', text: '', status: '', changelist: '' },
  historyAnswered: null,
  historyResults: [],
  historyLoading: false,
  historyError: null,
  historyMore: false,
  setHistoryQuery: (patch) => set({ historyQuery: { ...get().historyQuery, ...patch } }),
  searchHistory: async (more = false) => {
    const asked = more && get().historyAnswered ? get().historyAnswered! : { ...get().historyQuery };
    const before = more ? get().historyResults.at(-1)?.created_at : undefined;
    const query: JobQuery = { limit: PAGE };
    if (asked.q.trim()) query.q = asked.q.trim();
    if (asked.text.trim()) query.text = asked.text.trim();
    if (asked.status) query.status = asked.status;
    if (asked.changelist.trim()) query.changelist = Number(asked.changelist.trim().replace(/^@/, ''));
    if (before) query.before = before;
    set({ historyLoading: true, historyError: null });
    try {
      const page = await api.jobs.list(query);
      set({
        historyResults: more ? [...get().historyResults, ...page] : page,
        historyAnswered: asked,
        historyMore: page.length === PAGE,
        historyLoading: false,
      });
    } catch (err) {
      set({ historyError: errorText(err), historyLoading: false });
    }
  },
});
