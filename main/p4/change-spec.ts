// Pending changelists: the number `p4 change -i` reports, and the fields of a `p4 change -o`
// form. The engine creates a pending change when the job spec names none.

import { parseOutput } from './output-lines.ts';

const CHANGE_CREATED = /^Change (\d+) created\b/;

/** The number in "Change 123 created." / "Change 123 created with 2 open file(s)." (plain or -s). */
export function parseCreatedChange(stdout: string): number | undefined {
  for (const line of parseOutput(stdout, '', 0).lines) {
    const m = CHANGE_CREATED.exec(line.text);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/**
 * Fields of a spec form: "Field:\tvalue" or "Field:" followed by tab-indented lines, '#'
 * comments. Starts at the first "Change:" line because a verbose trigger may print lines
 * before the form.
 */
export function parseChangeForm(text: string): Record<string, string> {
  const rows = text.split(/\r?\n/);
  const start = rows.findIndex((r) => r.startsWith('Change:'));
  const fields: Record<string, string> = {};
  if (start < 0) return fields;
  let current: string | undefined;
  for (const row of rows.slice(start)) {
    if (row.startsWith('#')) continue;
    const field = /^([A-Za-z][\w-]*):(?:\s+(.*))?$/.exec(row);
    if (field) {
      current = field[1] as string;
      fields[current] = field[2]?.trim() ?? '';
      continue;
    }
    if (current !== undefined && /^\s/.test(row) && row.trim() !== '') {
      const value = row.replace(/^\t| {8}/, '');
      fields[current] = fields[current] ? `${fields[current]}\n${value}` : value;
    }
  }
  return fields;
}
