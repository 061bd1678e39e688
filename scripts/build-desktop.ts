// Bundles the Electron main process (main/desktop/main.ts → dist/desktop/main.cjs), the store's
// writer thread (dist/desktop/writer-thread.cjs) and the preload (preload/index.ts →
// dist/desktop/preload.cjs), and draws the tray icons. npm packages
// stay external: electron-builder ships them (native better-sqlite3 unpacked from the asar).
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

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

writeFileSync(`${out}/tray.png`, disc(32, [0x7e, 0xb6, 0xff]));
writeFileSync(`${out}/tray-alert.png`, disc(32, [0xf0, 0xa2, 0x2e]));

/** A filled disc as an RGBA PNG (tray icons without image tooling). */
function disc(size: number, [r, g, b]: number[]): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) {
      const inside = Math.hypot(x - c, y - c) <= size / 2 - 1;
      raw.set([r!, g!, b!, inside ? 255 : 0], row + 1 + x * 4);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
