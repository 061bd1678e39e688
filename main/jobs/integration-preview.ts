// The read-only preview of a job: which source changes are pending (author, description) and
// which files the integration would open or refuse, from the output of the two commands
// previewArgvs() builds; and the steps of one change at a time from the same interchanges. Pure.
import type { ChainStepDto, IntegrationPreviewDto, JobSpec } from '../../preload/api.ts';
import { classifyP4Output, parseChanges, parseIntegratePreview, type ChangeSummary, type P4Output } from '../p4/index.ts';

export function buildPreview(outputs: { interchanges: P4Output; integrate: P4Output }): IntegrationPreviewDto {
  const preview = parseIntegratePreview(outputs.integrate.stdout);
  const dto: IntegrationPreviewDto = {
    changes: parseChanges(outputs.interchanges.stdout)
      .sort((a, b) => a.change - b.change)
      .map((c) => ({ change: c.change, date: c.date, user: c.user, description: c.description })),
    files: preview.files.map((f) => ({
      depot_file: f.depotFile, action: f.action, from_file: f.fromFile,
      from_revs: f.startFromRev === f.endFromRev ? `#${f.endFromRev}` : `#${f.startFromRev},#${f.endFromRev}`,
    })),
    refused: preview.refused.map((r) => ({ depot_file: r.depotFile, text: r.text, exclusive: r.exclusive })),
  };
  const integrate = classifyP4Output('integrate', outputs.integrate);
  const failed = integrate.outcome === 'error' ? integrate.messages[0]
    : outputs.interchanges.exitCode !== 0 ? outputs.interchanges.stderr.trim().split('\n')[0] : undefined;
  if (failed !== undefined) dto.error = failed || 'the preview failed';
  return dto;
}

/**
 * One change at a time: the source changes `p4 interchanges -l -t` lists, oldest first, each a
 * pending step; or why the listing failed. "All revision(s) already integrated." (a warning,
 * exit 0) lists none.
 */
export function chainFrom(interchanges: P4Output): { steps: ChainStepDto[] } | { error: string } {
  if (interchanges.exitCode !== 0) return { error: interchanges.stderr.trim().split('\n')[0] || `exit code ${interchanges.exitCode}` };
  const steps = parseChanges(interchanges.stdout)
    .sort((a, b) => a.change - b.change)
    .map((c): ChainStepDto => ({ change: c.change, user: c.user, description: c.description, state: 'pending', changelist: null, submitted_change: null }));
  return { steps };
}

/**
 * The spec of one step of a chain, taking only the oldest of `pending` (`@N,N`), so a conflict
 * maps to one change and its author; its change is described with the number and the author.
 * Null when nothing is pending.
 */
export function nextChainStep(spec: JobSpec, pending: readonly Pick<ChangeSummary, 'change' | 'user' | 'description'>[]): JobSpec | null {
  const next = [...pending].sort((a, b) => a.change - b.change)[0];
  if (!next) return null;
  const title = `Integrate change ${next.change} by ${next.user}: ${next.description.split('\n')[0]}`;
  return { ...spec, revisions: `@${next.change},${next.change}`, description: spec.description ? `${title}\n\n${spec.description}` : title };
}
