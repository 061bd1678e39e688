// electron-builder.yml as electron-builder itself reads and validates it (its config loader and
// JSON schema; no packaging, no Electron binary), plus what the targets need at packaging time.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { writeAppIcons } from '../../scripts/icons.ts';

// electron-builder's package.json check; internal to it (not in its type declarations).
const { checkMetadata } = createRequire(import.meta.url)('app-builder-lib/out/util/packageMetadata.js') as {
  checkMetadata(metadata: object, devMetadata: object | null, appPackageFile: string, devAppPackageFile: string): void;
};
const root = resolve(import.meta.dirname, '..', '..');
const load = (): Promise<Configuration> => getConfig(root, null, null);

test('electron-builder loads electron-builder.yml and its schema accepts it', async () => {
  const config = await load();
  assert.equal(config.appId, 'com.p4integrator.desktop');
  await validateConfiguration(config, new DebugLogger(false));
});

test('the schema check is real: a wrong value or a misspelt option is refused', async () => {
  const config = await load();
  const check = (broken: unknown) => validateConfiguration(broken as Configuration, new DebugLogger(false));
  await assert.rejects(check({ ...config, mac: { ...config.mac, hardenedRuntime: 'yes' } }), /configuration\.mac\.hardenedRuntime should be a boolean/);
  await assert.rejects(check({ ...config, linux: { ...config.linux, maintaner: 'x' } }), /configuration\.linux should be/);
});

test('every target has what it needs when packaging runs', async () => {
  const config = await load();
  const pkgFile = join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { author?: { email?: string }; homepage?: string; main: string };
  // electron-builder's own package.json check, as it runs before packaging.
  checkMetadata(pkg, null, pkgFile, pkgFile);
  // deb (fpm target): a maintainer or the author's email, and a project homepage, or it refuses.
  assert.match(config.linux?.maintainer ?? '', /<[^@>]+@[^>]+>/);
  assert.match(pkg.author?.email ?? '', /@/);
  assert.match(pkg.homepage ?? '', /^https:\/\//);
  assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
  assert.ok(config.linux?.category);
  assert.equal(config.linux?.desktop?.entry?.Categories, 'Development;RevisionControl;');
  assert.deepEqual(config.mac?.target, ['dmg']);
  assert.equal(config.mac?.hardenedRuntime, true);
  assert.equal(config.mac?.notarize, true);
  for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) assert.ok(file && existsSync(join(root, file)), `${file} exists`);
  assert.deepEqual(config.win?.target, ['nsis']);
  assert.equal(pkg.main, 'dist/desktop/main.cjs');
  const extra = (config.extraResources as { from: string; to: string }[]).map((r) => `${r.from} → ${r.to}`);
  assert.deepEqual(extra, ['dist/agent.cjs → agent/agent.cjs', 'build/node-runtimes → node-runtimes']);
});

test('the icons the config names are the ones build:icons draws from renderer/icon.svg', async () => {
  const config = await load();
  const dir = mkdtempSync(join(tmpdir(), 'p4i-icons-'));
  try {
    writeAppIcons(dir);
    const named = [config.linux?.icon, config.mac?.icon, config.win?.icon];
    for (const icon of named) {
      assert.ok(icon?.startsWith('build/icons/'), `${icon} is under build/icons`);
      assert.ok(existsSync(join(dir, icon!.slice('build/icons/'.length))), `${icon} is drawn`);
    }
    for (const size of [16, 32, 48, 64, 128, 256, 512]) assert.ok(existsSync(join(dir, 'linux', `${size}x${size}.png`)));
    assert.equal(readFileSync(join(dir, 'icon.icns')).subarray(0, 4).toString('latin1'), 'icns');
    assert.deepEqual([...readFileSync(join(dir, 'icon.ico')).subarray(0, 4)], [0, 0, 1, 0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
