// Where code runs decides what it may import, and inside main/ imports only go down the floors
// (docs/architecture.md, "Import rules"). Read from the source, so a new arrow that runs up fails here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/processes.ts';

interface Import {
  file: string;
  spec: string;
  /** Repository-relative target for relative imports, null for packages. */
  target: string | null;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out.push(...sources(path));
    else if (/\.(ts|tsx|mts|cts)$/.test(e.name)) out.push(path);
  }
  return out;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  const patterns = [/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm, /^\s*import\s+['"]([^'"]+)['"]/gm, /(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const [i, re] of patterns.entries()) {
    for (const m of text.matchAll(re)) {
      const spec = i === 0 ? m[3]! : m[1]!;
      const typeOnly = i === 0 && Boolean(m[2]);
      const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : null;
      found.push({ file, spec, target, typeOnly });
    }
  }
  return found;
}

const all = ['main', 'agent', 'renderer', 'preload', 'test', 'scripts', 'bench'].flatMap(sources).flatMap(importsOf);
const builtins = new Set(['zod/mini']);

test('the import scanner sees the code base', () => {
  assert.ok(all.length > 50, `found ${all.length} imports`);
});

test('only main/desktop/ (and the preload bridge) import electron', () => {
  const bad = all.filter((i) => i.spec === 'electron' && !i.file.startsWith('main/desktop/') && i.file !== 'preload/index.ts');
  assert.deepEqual(bad, []);
});

test('agent/ imports nothing from main/ and only node builtins or zod/mini (the lean one)', () => {
  const bad = all.filter((i) => i.file.startsWith('agent/') && (i.target ? !i.target.startsWith('agent/') : !(i.spec.startsWith('node:') || builtins.has(i.spec))));
  assert.deepEqual(bad, []);
});

/** Preload files the renderer may load: they import nothing at runtime. */
const DEPENDENCY_FREE = ['preload/channels.ts', 'preload/conflict-summary.ts', 'preload/routes.ts'];

test('renderer/ imports only itself, packages, types from preload/api.ts, and the route table', () => {
  const bad = all.filter((i) => i.file.startsWith('renderer/') && i.target && !i.target.startsWith('renderer/') && !(i.target === 'preload/api.ts' && i.typeOnly) && !DEPENDENCY_FREE.includes(i.target));
  assert.deepEqual(bad, []);
});

test('the route table and the channel names import nothing at runtime', () => {
  const bad = all.filter((i) => DEPENDENCY_FREE.includes(i.file) && !i.typeOnly);
  assert.deepEqual(bad, []);
});

test('preload/api.ts is types only, and imports of it elsewhere are type-only', () => {
  const api = readFileSync(join(ROOT, 'preload/api.ts'), 'utf8');
  assert.doesNotMatch(api, /^\s*(export\s+)?(const|let|var|function|class)\s/m, 'no runtime values in the contract');
  const bad = all.filter((i) => i.target === 'preload/api.ts' && !i.typeOnly);
  assert.deepEqual(bad, []);
});

test('main/p4/ and the job decisions do no I/O', () => {
  const io = /^(node:)?(fs|fs\/promises|child_process|net|tls|http|https|dgram|dns|worker_threads)$|^(better-sqlite3|ws|ssh2|pino)$/;
  const bad = all.filter((i) => (i.file.startsWith('main/p4/') || i.file === 'main/jobs/decisions.ts') && (io.test(i.spec) || (i.target !== null && !i.target.startsWith('main/p4/') && !i.target.startsWith('main/jobs/') && i.target !== 'preload/api.ts')));
  assert.deepEqual(bad, []);
});

test('main/ imports from agent/ only the shared protocol', () => {
  const bad = all.filter((i) => i.file.startsWith('main/') && i.target?.startsWith('agent/') && i.target !== 'agent/protocol.ts');
  assert.deepEqual(bad, []);
});

/**
 * The master's floors, bottom first: a file may import its own floor and those below it.
 * Ground: what every part may use (errors, validation, quoting); then logs, metrics and the
 * event hub; the pure Perforce knowledge; storage; security; the agent link; jobs; bootstrap;
 * the API; the composition root and entry points on top.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['main/base/'],
  ['main/observe/', 'main/events.ts'],
  ['main/p4/'],
  ['main/store/'],
  ['main/security/'],
  ['main/agents/'],
  ['main/jobs/'],
  ['main/bootstrap/'],
  ['main/api/'],
  ['main/master.ts', 'main/config.ts', 'main/headless.ts', 'main/desktop/'],
];

function floorOf(path: string): number {
  return FLOORS.findIndex((floor) => floor.some((prefix) => path === prefix || (prefix.endsWith('/') && path.startsWith(prefix))));
}

test('every file in main/ sits on a floor', () => {
  const lost = sources('main').filter((file) => floorOf(file) < 0);
  assert.deepEqual(lost, []);
});

test('inside main/, imports only go down the floors', () => {
  const up = all
    .filter((i) => i.file.startsWith('main/') && i.target?.startsWith('main/') && floorOf(i.target.replace(/\.js$/, '.ts')) > floorOf(i.file))
    .map((i) => `${i.file} -> ${i.target}`);
  assert.deepEqual(up, []);
});

/** The first import circle found among the files of the app (type-only imports count too), or []. */
function firstCircle(): string[] {
  const code = all.filter((i) => i.target && /^(main|agent|renderer|preload)\//.test(i.file));
  const edges = new Map<string, string[]>();
  for (const i of code) edges.set(i.file, [...(edges.get(i.file) ?? []), i.target!]);
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file)) return [];
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      const circle = visit(next);
      if (circle.length > 0) return circle;
    }
    path.pop();
    done.add(file);
    return [];
  };
  for (const file of edges.keys()) {
    const circle = visit(file);
    if (circle.length > 0) return circle;
  }
  return [];
}

test('no import circles, not even through types', () => {
  assert.deepEqual(firstCircle(), []);
});
