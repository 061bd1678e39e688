// Recognises a p4 message line by meaning: which catalog template it was printed from, hence
// its severity (info / warning / error) and generic code. Plain-mode stderr does not say whether
// a line is a warning (exit 0) or an error, and old `-s` clients tag warnings as `error:`;
// the catalog settles both.

import { MESSAGE_TEMPLATES_TSV } from './message-templates-data.ts';

export type MessageSeverity = 'info' | 'warning' | 'error';

export interface CatalogEntry {
  /** e.g. 'MsgDm::ExUPTODATE' */
  id: string;
  severity: MessageSeverity;
  /** Generic code: 1 EV_USAGE, 17 EV_EMPTY (nothing matched), 33 EV_FAULT, … */
  generic: number;
  /** Language-independent (subsystem << 10 | code), as printed by `p4 -e`. */
  uniq: number;
  template: string;
}

export const EV_USAGE = 1;
export const EV_EMPTY = 17;

interface CompiledTemplate {
  entry: CatalogEntry;
  regex: RegExp;
  /** Longest literal run, lower-cased: a cheap `includes` test before the regex. */
  anchor: string;
  /** Literal characters outside optional parts: more literal text = more specific match. */
  weight: number;
}

// Templates with less literal text than this match almost anything ("%field% resolve").
const MIN_LITERAL_WEIGHT = 5;

function severityOf(name: string): MessageSeverity {
  if (name === 'E_WARN') return 'warning';
  if (name === 'E_FAILED' || name === 'E_FATAL') return 'error';
  return 'info';
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface TemplatePiece {
  source: string;
  literals: string[];
  weight: number;
}

/**
 * Turns catalog template syntax into a regex source: %var% → lazy wildcard,
 * %'text'% → literal text, [a|b] → alternation, [text] → optional, %!% → nothing.
 * Only the first line of a multi-line template is kept: output is matched line by line.
 */
function compileTemplateText(text: string): TemplatePiece {
  const firstLine = text.split('\\n')[0] ?? '';
  let source = '';
  let literal = '';
  const literals: string[] = [];
  let weight = 0;
  let optionalDepth = 0;
  const flush = (): void => {
    if (literal) literals.push(literal);
    literal = '';
  };
  for (let i = 0; i < firstLine.length; i++) {
    const ch = firstLine[i] as string;
    if (ch === '%') {
      if (firstLine[i + 1] === "'") {
        const end = firstLine.indexOf("'%", i + 2);
        if (end > 0) {
          const quoted = firstLine.slice(i + 2, end);
          source += escapeRegex(quoted);
          literal += quoted;
          if (optionalDepth === 0) weight += quoted.length;
          i = end + 1;
          continue;
        }
      }
      const end = firstLine.indexOf('%', i + 1);
      if (end > i) {
        const name = firstLine.slice(i + 1, end);
        if (name !== '!') source += '.*?';
        flush();
        i = end;
        continue;
      }
    }
    if (ch === '[') {
      const close = firstLine.indexOf(']', i);
      const inner = close > 0 ? firstLine.slice(i + 1, close) : '';
      if (close > 0 && inner.includes('|')) {
        // [%argc% - x|X]: one of two spellings, neither counts as reliable literal text.
        const alternatives = inner.split('|').map((alt) => compileTemplateText(alt).source);
        source += `(?:${alternatives.join('|')})`;
        flush();
        i = close;
        continue;
      }
      flush();
      source += '(?:';
      optionalDepth++;
      continue;
    }
    if (ch === ']' && optionalDepth > 0) {
      flush();
      source += ')?';
      optionalDepth--;
      continue;
    }
    source += escapeRegex(ch);
    literal += ch;
    if (optionalDepth === 0) weight++;
  }
  flush();
  while (optionalDepth-- > 0) source += ')?';
  return { source, literals, weight };
}

function parseCatalog(tsv: string): CompiledTemplate[] {
  const compiled: CompiledTemplate[] = [];
  for (const row of tsv.split('\n')) {
    if (!row || row.startsWith('#')) continue;
    const cols = row.split('\t');
    if (cols.length < 10 || cols[0] === 'id') continue;
    const [id, , , severity, , , genericNum, , template, uniq] = cols as [
      string, string, string, string, string, string, string, string, string, string,
    ];
    const piece = compileTemplateText(template);
    if (piece.weight < MIN_LITERAL_WEIGHT) continue;
    const anchor = piece.literals.reduce((a, b) => (b.length > a.length ? b : a), '').toLowerCase();
    compiled.push({
      entry: {
        id,
        severity: severityOf(severity),
        generic: Number(genericNum),
        uniq: Number(uniq),
        template,
      },
      // Case-insensitive: "[%argc% - file(s)|File(s)]" changes case with or without an argument.
      regex: new RegExp(`^${piece.source}$`, 'i'),
      anchor,
      weight: piece.weight,
    });
  }
  // Most specific first; Array.prototype.sort is stable, so ties keep catalog order.
  return compiled.sort((a, b) => b.weight - a.weight);
}

const CATALOG = parseCatalog(MESSAGE_TEMPLATES_TSV);

/** Number of templates usable for matching (the rest are too vague to match safely). */
export const CATALOG_SIZE = CATALOG.length;

/** The most specific catalog template that printed `line`, if any. */
export function lookupMessage(line: string): CatalogEntry | undefined {
  const text = line.trim();
  if (!text) return undefined;
  const lower = text.toLowerCase();
  for (const t of CATALOG) {
    if (!lower.includes(t.anchor)) continue;
    if (t.regex.test(text)) return t.entry;
  }
  return undefined;
}

/**
 * First words of info messages printed at level 1 (EV_USAGE) without a leading file path,
 * e.g. "must" from "... must resolve content from //x#2". In -ztag output such a line looks like
 * a "... key value" field; these words say it is a message.
 */
export const LEVEL1_MESSAGE_WORDS: ReadonlySet<string> = new Set(
  CATALOG.filter((t) => t.entry.generic === EV_USAGE && t.entry.severity === 'info')
    .map((t) => /^([A-Za-z][\w'()]*) /.exec(t.entry.template)?.[1])
    .filter((w): w is string => w !== undefined),
);
