// The read-only preview of a job: which source changes are pending (author, description) and
// which files the integration would open or refuse, from the output of the two commands
// previewArgvs() builds. Pure.
import type { IntegrationPreviewDto, JobSpec } from '../../preload/api.ts';
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
 * One change at a time: the spec of the next step, taking only the oldest pending source change
 * (`@N,N`), so a conflict maps to one change and its author. Null when nothing is pending.
 */
export function nextChainStep(spec: JobSpec, pending: readonly ChangeSummary[]): JobSpec | null {
  const next = [...pending].sort((a, b) => a.change - b.change)[0];
  if (!next) return null;
  const title = `Integrate change ${next.change} by ${next.user}: ${next.description.split('\n')[0]}`;
  return { ...spec, revisions: `@${next.change},${next.change}`, description: spec.description ? `${title}\n\n${spec.description}` : title };
}
