// classifyP4Output: what one stage's p4 command did, from its text alone. p4 exits 0 for
// warnings and for many refusals, so the exit status is one fact among others.

import { Findings } from './findings.ts';
import { applyRules, COMMON, RULES_BY_KIND } from './line-rules.ts';
import { EV_EMPTY, lookupMessage } from './message-catalog.ts';
import { parseOutput, type OutputLine, type TaggedRecord } from './output-lines.ts';
import { fromOfRecord, ResolveReader, reasonOfRecord } from './resolve-rules.ts';
import type { P4Classification, P4Kind, P4Output } from './types.ts';

// Catalog lookups cost ~25 µs per unknown line; a runaway wrapper printing a million unknown
// lines must not stall the master. Past this many, unknown lines are judged by channel alone.
const MAX_CATALOG_LOOKUPS = 5000;

/** A line no grammar rule claimed: judge it by the catalog, then by the channel it came on. */
function judgeUnclaimed(line: OutputLine, f: Findings, exitCode: number | null, lookup: boolean): void {
  const entry = lookup ? lookupMessage(line.text) : undefined;
  if (entry) {
    if (entry.severity === 'error') f.note('error', line.text);
    else if (entry.severity === 'warning') f.note(entry.generic === EV_EMPTY ? 'nothing' : 'warning', line.text);
    return; // a known info message: informative only
  }
  if (f.inTriggerText && line.tag !== 'info') {
    f.note('trigger', line.text);
    return;
  }
  if (line.tag === 'error') f.note('error', line.text);
  else if (line.tag === 'warning') f.note('warning', line.text);
  else if (line.tag === undefined) {
    if (exitCode !== 0) f.note('weak-error', line.text);
    else f.unexplained(line.text);
  }
  // unknown stdout: ordinary chatter (wrapper banners, trigger echo); not evidence either way
}

function readRecords(kind: P4Kind, records: readonly TaggedRecord[], f: Findings): void {
  for (const r of records) {
    if (kind === 'resolve-preview') {
      const file = r['clientFile'] ?? r['fromFile'];
      if (file !== undefined) f.conflict(file, reasonOfRecord(r), { from: fromOfRecord(r) });
      continue;
    }
    // -ztag submit ends with a record naming the submitted change (Robomerge reads it).
    const submitted = r['submittedChange'];
    if (kind === 'submit' && submitted !== undefined) f.success(Number(submitted));
    const file = r['depotFile'] ?? r['clientFile'];
    const action = r['action'];
    if (file !== undefined && action !== undefined) f.file(file, action);
  }
}

export function classifyP4Output(kind: P4Kind, output: P4Output): P4Classification {
  const parsed = parseOutput(output.stdout, output.stderr, output.exitCode);
  const f = new Findings();
  const resolve = kind === 'resolve' || kind === 'resolve-preview' ? new ResolveReader(f) : undefined;
  const kindRules = kind === 'resolve' || kind === 'resolve-preview' ? [] : RULES_BY_KIND[kind];
  let lookups = 0;
  for (const line of parsed.lines) {
    if (resolve ? resolve.line(line) : applyRules(kindRules, line, f)) continue;
    if (applyRules(COMMON, line, f)) continue;
    judgeUnclaimed(line, f, parsed.exitCode, lookups++ < MAX_CATALOG_LOOKUPS);
  }
  resolve?.finish();
  readRecords(kind, parsed.records, f);
  return f.toClassification(kind, parsed.exitCode);
}
