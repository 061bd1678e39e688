// Bundles the Electron main process (main/desktop/main.ts → dist/desktop/main.cjs), the store's
// writer thread (dist/desktop/writer-thread.cjs) and the preload (preload/index.ts →
// dist/desktop/preload.cjs), and renders the tray icons. npm packages
// stay external: electron-builder ships them (native better-sqlite3 unpacked from the asar).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { writeTrayIcons } from './icons.ts';

const out = 'dist/desktop';
mkdirSync(out, { recursive: true });
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node24', legalComments: 'none', logLevel: 'warning', sourcemap: 'linked' } as const;

await build({
  ...common,
  entryPoints: ['main/desktop/main.ts'],
  outfile: `${out}/main.cjs`,
  packages: 'external',
  // main/ locates package.json and dist/ from import.meta.url, one folder below the app root;
  // the bundle lives two below it, so it stands in for a file in main/.
  define: { 'import.meta.url': '__p4iMetaUrl' },
  banner: { js: "const __p4iMetaUrl = require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', '..', 'main', 'desktop.cjs')).href;" },
});

// The store's writer thread runs in a worker: its own bundle next to main.cjs (store-writer.ts
// loads dist/desktop/writer-thread.cjs when it is not run from source).
await build({ ...common, entryPoints: ['main/store/writer-thread.ts'], outfile: `${out}/writer-thread.cjs`, packages: 'external' });

// A sandboxed preload can load only Electron's own module: everything else is bundled in.
await build({ ...common, entryPoints: ['preload/index.ts'], outfile: `${out}/preload.cjs`, external: ['electron'] });

writeTrayIcons(out);
