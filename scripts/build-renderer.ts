// Bundles renderer/ into dist/renderer/: index.html plus assets named by their content hash
// (app-<hash>.js, styles-<hash>.css), each also precompressed as .br and .gz. The headless master
// serves the hashed assets as immutable and the HTML as never cached; the desktop window loads
// the same files from disk.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const out = 'dist/renderer';
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/assets`, { recursive: true });
const result = await build({
  entryPoints: { app: 'renderer/main.tsx', styles: 'renderer/styles.css' },
  outdir: `${out}/assets`,
  entryNames: '[name]-[hash]',
  metafile: true,
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
const outputs = Object.keys(result.metafile.outputs);
const named = (name: string, ext: string) => basename(outputs.find((f) => basename(f).startsWith(`${name}-`) && f.endsWith(ext))!);
writeFileSync(`${out}/index.html`, readFileSync('renderer/index.html', 'utf8').replace('assets/app.js', `assets/${named('app', '.js')}`).replace('assets/styles.css', `assets/${named('styles', '.css')}`));
copyFileSync('renderer/icon.svg', `${out}/assets/icon.svg`);
for (const file of outputs.filter((f) => /\.(js|css)$/.test(f))) {
  const data = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
}
