// Bundles renderer/ into dist/renderer/ (index.html + assets/app.js + assets/styles.css): served by
// the headless master at / and loaded from disk by the desktop window.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';

const out = 'dist/renderer';
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/assets`, { recursive: true });
await build({
  entryPoints: { app: 'renderer/main.tsx', styles: 'renderer/styles.css' },
  outdir: `${out}/assets`,
  bundle: true,
  // A classic script: the desktop window loads the page from file://, where module scripts
  // are refused.
  format: 'iife',
  platform: 'browser',
  target: 'chrome130',
  jsx: 'automatic',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
copyFileSync('renderer/index.html', `${out}/index.html`);
copyFileSync('renderer/icon.svg', `${out}/assets/icon.svg`);
