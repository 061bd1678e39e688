// Fetches the Node runtimes the SSH bootstrapper uploads to hosts without Node (Linux x64 and
// arm64, from the node-linux-* npm packages) into build/node-runtimes/, for packaging as app
// resources. Usage: node scripts/fetch-node-runtimes.ts [VERSION] (default: this Node's version).
import { join, resolve } from 'node:path';
import { fetchRuntimes } from '../main/bootstrap/node-runtimes.ts';

const version = process.argv[2] ?? process.versions.node;
const dir = resolve(import.meta.dirname, '..', 'build', 'node-runtimes');
const started = Date.now();
for (const runtime of await fetchRuntimes(dir, version)) {
  process.stdout.write(`${join('build', 'node-runtimes', runtime.file.slice(dir.length + 1))}  ${Math.round(runtime.size / 1e6)} MB  sha256 ${runtime.sha256}\n`);
}
process.stdout.write(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
