// Pure classification of Perforce command output (no I/O). Each rule quotes the line it reads;
// real captures of that output are in test/fixtures/p4-corpus/.

export { classifyP4Output } from './classify.ts';
export { summarizeClassification, describeConflicts, triggerReason } from './summary.ts';
export { parseCreatedChange, parseChangeForm } from './change-spec.ts';
export { lookupMessage, type CatalogEntry, type MessageSeverity } from './message-catalog.ts';
export { parseOutput, type OutputLine, type ParsedOutput, type TaggedRecord } from './output-lines.ts';
export { MAX_MESSAGES } from './findings.ts';
export {
  P4_KINDS,
  type Chunks,
  type Conflict,
  type ConflictReason,
  type FileAction,
  type P4Cause,
  type P4Classification,
  type P4Kind,
  type P4Outcome,
  type P4Output,
} from './types.ts';
export { changeState, classifyChangeCheck, classifyLogin, classifySubmitted, countReverted, hasShelvedFiles, openedFiles, type ChangeState } from './probes.ts';
export { parseChanges, parseFilelog, type ChangeSummary, type FileLog, type FileRevision, type Integration } from './history.ts';
export { parseIntegratePreview, parseLockHolders, type IntegratedFile, type IntegratePreview, type RefusedFile } from './integrate-preview.ts';
