// Node runtimes the bootstrapper can upload to a host without Node: the node-linux-<arch> npm
// package tarballs (package/bin/node inside), shipped as app resources in build/node-runtimes/
// (scripts/fetch-node-runtimes.ts fetches them with `npm pack`).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface NodeRuntime {
  file: string;
  arch: string;
  version: string;
  sha256: string;
  size: number;
}

const FILE_NAME = /^node-linux-(x64|arm64)-(\d+)\.(\d+)\.(\d+)\.tgz$/;
const hashes = new Map<string, { mtimeMs: number; sha256: string }>();

/** The newest runtime for `arch` in `dir`, or null. */
export async function findRuntime(dir: string, arch: string): Promise<NodeRuntime | null> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  const best = names
    .map((name) => ({ name, m: FILE_NAME.exec(name) }))
    .filter((x) => x.m && x.m[1] === arch)
    .sort((a, b) => compareVersions(b.m!.slice(2, 5).map(Number), a.m!.slice(2, 5).map(Number)))[0];
  if (!best) return null;
  const file = join(dir, best.name);
  return { file, arch, version: best.m!.slice(2, 5).join('.'), sha256: await sha256File(file), size: statSync(file).size };
}

/** SHA-256 of a file, remembered while the file is unchanged (runtimes are ~50 MB). */
export async function sha256File(file: string): Promise<string> {
  const { mtimeMs } = statSync(file);
  const cached = hashes.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  hashes.set(file, { mtimeMs, sha256 });
  return sha256;
}

/**
 * Fetches `node-linux-<arch>@<version>` for each arch into `dir` with `npm pack`, skipping the
 * ones already there. Returns the runtimes now present.
 */
export async function fetchRuntimes(dir: string, version: string, arches: string[] = ['x64', 'arm64']): Promise<NodeRuntime[]> {
  mkdirSync(dir, { recursive: true });
  const found: NodeRuntime[] = [];
  for (const arch of arches) {
    const exact = /^\d+\.\d+\.\d+$/.test(version);
    const have = await findRuntime(dir, arch);
    if (!have || (exact ? have.version !== version : have.version.split('.')[0] !== version.split('.')[0])) {
      await promisify(execFile)('npm', ['pack', `node-linux-${arch}@${version}`, '--pack-destination', dir, '--silent'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    }
    const runtime = await findRuntime(dir, arch);
    if (!runtime) throw new Error(`npm pack node-linux-${arch}@${version} left no runtime in ${dir}`);
    found.push(runtime);
  }
  return found;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
