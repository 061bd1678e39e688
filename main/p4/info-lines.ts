// The stdout lines of a read-only p4 command in plain or -s form, with "... " level prefixes
// kept (filelog and opened mark their structure with them). Pure.

const S_PREFIX = /^(info|info1|info2|text): ?/;
const LEVEL: Record<string, string> = { info: '', text: '', info1: '... ', info2: '... ... ' };

/** Plain lines, or `-s` lines turned back into plain ones; warnings, errors and `exit:` dropped. */
export function infoLines(stdout: string): string[] {
  const lines: string[] = [];
  for (const raw of stdout.split(/\r?\n/)) {
    if (/^(?:warning|error|exit): ?/.test(raw)) continue;
    const s = S_PREFIX.exec(raw);
    lines.push(s ? `${LEVEL[s[1]!]}${raw.slice(s[0].length)}` : raw);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}
