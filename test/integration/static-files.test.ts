// The page's bundle as a browser gets it: index.html never cached, assets named by content hash
// cached for good, and sent brotli- or gzip-compressed when the browser accepts it.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startMaster, suiteCleanup, tempDir, type MasterProc } from '../helpers/processes.ts';

describe('the renderer bundle over HTTP', () => {
  let master: MasterProc;
  let assets: string[];
  const suite = suiteCleanup();
  const get = (path: string, encoding?: string) => fetch(master.url.replace(/\/$/, '') + path, { headers: encoding ? { 'accept-encoding': encoding } : {} });

  before(async () => {
    master = await startMaster(suite, { dataDir: tempDir(suite) });
    const html = await (await get('/')).text();
    assets = [...html.matchAll(/(?:src|href)="(assets\/[^"]+-[A-Z0-9]{8}\.(?:js|css))"/g)].map((m) => `/${m[1]}`);
  });

  test('index.html is never cached and names its assets by content hash', async () => {
    const res = await get('/');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(assets.length, 2, 'one script and one style sheet, hashed');
  });

  test('hashed assets are immutable and compressed as the browser asks', async () => {
    for (const path of assets) {
      const plain = await get(path, 'identity');
      assert.equal(plain.status, 200);
      assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(plain.headers.get('content-encoding'), null);
      const body = Buffer.from(await plain.arrayBuffer());

      // fetch() would decode on its own; read the raw bytes to see what went over the wire.
      const br = await rawGet(path, 'gzip, deflate, br');
      assert.equal(br.encoding, 'br');
      assert.ok(br.body.length < body.length / 2, `${path}: ${br.body.length} of ${body.length} bytes`);
      assert.deepEqual(brotliDecompressSync(br.body), body);
      const gz = await rawGet(path, 'gzip');
      assert.equal(gz.encoding, 'gzip');
      assert.deepEqual(gunzipSync(gz.body), body);
    }
  });

  async function rawGet(path: string, encoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
    return new Promise((resolve, reject) => {
      request(master.url.replace(/\/$/, '') + path, { headers: { 'accept-encoding': encoding } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(parts) }));
      }).on('error', reject).end();
    });
  }
});
