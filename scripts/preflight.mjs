// Runs before every npm entry point (the `pre` scripts in package.json): checks the Node version
// in one line, and with `bundles` builds dist/agent.cjs and dist/renderer/ when they are missing
// or older than their sources. Plain JavaScript that Node 18 can run: under an older Node a .ts
// entry fails before any of its code runs (ERR_UNKNOWN_FILE_EXTENSION).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NEEDED = 24;
const say = (line) => process.stderr.write(`p4-integrator: ${line}\n`);

const entry = (process.env.npm_lifecycle_event ?? '').replace(/^pre/, '');
if (Number(process.versions.node.split('.')[0]) !== NEEDED) {
  const what = entry ? `npm run ${entry}` : 'this';
  // The Node that ./p4i installed, if it did.
  const installed = existsSync(join(ROOT, '.node', 'node_modules')) ? readdirSync(join(ROOT, '.node', 'node_modules'))
    .map((pkg) => join(ROOT, '.node', 'node_modules', pkg, 'bin')).find((bin) => existsSync(join(bin, 'node'))) : undefined;
  const get = installed ? `export PATH="${installed}:$PATH"` : entry === 'test' ? './p4i test' : './p4i app';
  say(`${what} needs Node ${NEEDED}, this is Node ${process.version}: \`${get}\` ${installed ? `puts the Node ${NEEDED} in .node/ first` : `installs Node ${NEEDED} into .node/ and runs it`} (or put Node ${NEEDED} first on PATH yourself)`);
  process.exit(1);
}

if (process.argv[2] === 'bundles') {
  if (!existsSync(join(ROOT, 'node_modules', 'esbuild'))) {
    say(`${entry ? `npm run ${entry}` : 'this'} needs the dependencies: run \`./p4i app\` (or \`ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci\`)`);
    process.exit(1);
  }
  build('the agent bundle', 'dist/agent.cjs', ['agent', 'package.json', 'scripts/build-agent.ts'], 'scripts/build-agent.ts');
  // index.html is written last and names the content-hashed assets.
  build('the renderer', 'dist/renderer/index.html', ['renderer', 'preload', 'scripts/build-renderer.ts'], 'scripts/build-renderer.ts');
}

/** Newest modification time of a file, or of any file under a directory. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs));
}

function build(what, output, sources, script) {
  const out = join(ROOT, output);
  if (existsSync(out) && statSync(out).mtimeMs >= Math.max(...sources.map((s) => newest(join(ROOT, s))))) return;
  say(`building ${what} (${output} is ${existsSync(out) ? 'older than its sources' : 'missing'})`);
  const run = spawnSync(process.execPath, [script], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    say(`building ${what} failed (node ${script})`);
    process.exit(1);
  }
}
