// Every icon of the desktop app, drawn from renderer/icon.svg (resvg renders the SVG, png2icons
// packs .icns and .ico): the tray icons next to the desktop bundle, the installers' icons in
// build/icons (git-ignored, made by `npm run build:icons` before packaging).
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import png2icons from 'png2icons';

const SOURCE = 'renderer/icon.svg';
const BACKGROUND = /<rect [^>]*\/>/;
const STROKE = /stroke="#[0-9a-f]{6}"/i;
/** The "attention" dot of the alert tray icons, top right of the 32×32 view box. */
const BADGE = (fill: string) => `<circle cx="25" cy="7" r="6" fill="${fill}" stroke="#1b2330" stroke-width="1.5"/>`;

function source(): string {
  const svg = readFileSync(SOURCE, 'utf8');
  if (!BACKGROUND.test(svg) || !STROKE.test(svg)) throw new Error(`${SOURCE}: expected a <rect> background and a stroked glyph; update scripts/icons.ts with the icon`);
  return svg;
}

function png(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false }, logLevel: 'off' }).render().asPng();
}

const withBadge = (svg: string, fill: string): string => svg.replace('</svg>', `${BADGE(fill)}</svg>`);
/** macOS template images: black glyph on transparent; the system tints them for light and dark menu bars. */
const template = (svg: string): string => svg.replace(BACKGROUND, '').replace(STROKE, 'stroke="#000000"');

/**
 * tray.png / tray-alert.png (Linux, Windows: the coloured icon, with an orange dot when a job
 * needs resolve) and trayTemplate[@2x].png / trayAlertTemplate[@2x].png (macOS; the alert
 * variant carries a solid dot, since template images have no colour).
 */
export function writeTrayIcons(dir: string): void {
  const svg = source();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tray.png'), png(svg, 32));
  writeFileSync(join(dir, 'tray-alert.png'), png(withBadge(svg, '#f0a22e'), 32));
  for (const [name, art] of [['trayTemplate', template(svg)], ['trayAlertTemplate', withBadge(template(svg), '#000000')]] as const) {
    writeFileSync(join(dir, `${name}.png`), png(art, 16));
    writeFileSync(join(dir, `${name}@2x.png`), png(art, 32));
  }
}

/** icon.png (1024), icon.icns, icon.ico and linux/NxN.png: what electron-builder.yml points at. */
export function writeAppIcons(dir: string): void {
  const svg = source();
  mkdirSync(join(dir, 'linux'), { recursive: true });
  const large = png(svg, 1024);
  writeFileSync(join(dir, 'icon.png'), large);
  for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(dir, 'linux', `${size}x${size}.png`), png(svg, size));
  const icns = png2icons.createICNS(large, png2icons.BICUBIC, 0);
  const ico = png2icons.createICO(png(svg, 256), png2icons.BICUBIC, 0, true, true);
  if (!icns || !ico) throw new Error('png2icons could not pack the .icns/.ico icons');
  writeFileSync(join(dir, 'icon.icns'), icns);
  writeFileSync(join(dir, 'icon.ico'), ico);
}
