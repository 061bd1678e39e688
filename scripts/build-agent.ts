// Bundles agent/ into one dependency-free file that Node 18+ can run: dist/agent.cjs.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

// First thing the bundle does on a host: one line instead of an obscure failure on an old Node.
const NODE_CHECK = 'if(+process.versions.node.split(".")[0]<18){process.stderr.write("p4-integrator agent: needs Node 18 or newer, this is Node "+process.version+": install it (Debian 12, Ubuntu 24.04: sudo apt-get install nodejs) or let the master bootstrap this host, which uploads a Node runtime\\n");process.exit(1)}';

await build({
  entryPoints: ['agent/main.ts'],
  outfile: 'dist/agent.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  banner: { js: `#!/usr/bin/env node\n"use strict";${NODE_CHECK}` },
  define: { AGENT_VERSION: JSON.stringify(version) },
  legalComments: 'none',
  minifySyntax: true,
  minifyWhitespace: true,
  logLevel: 'warning',
});
