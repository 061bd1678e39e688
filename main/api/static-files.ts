// Serves the built renderer (dist/renderer) to browsers: GET/HEAD of plain files under one
// root, never outside it, with a CSP that allows no inline or foreign scripts. Assets named by
// their content hash are cached for good; their precompressed .br/.gz twin is sent when the
// browser accepts it.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Build output named by content hash, e.g. app-ED3HSXL6.js: its content never changes. */
const HASHED = /-[A-Z0-9]{8}\.(js|css)$/;
const COMPRESSIBLE = new Set(['.js', '.css']);

/**
 * Scripts only from this origin, no eval. Styles allow 'unsafe-inline' (styles cannot run
 * code). connect-src 'self' covers the same-origin WebSocket.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export class StaticFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = normalize(root);
  }

  /** Answers the request when it is for a file of the renderer; false lets the caller go on. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const file = this.resolve(pathname);
    if (!file && pathname === '/') {
      const body = 'The renderer is not built: run "npm run build:renderer". The API is at /api/.\n';
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    if (!file) return false;
    const hashed = HASHED.test(file.path);
    const encoded = this.encoded(file.path, req.headers['accept-encoding']);
    const sent = encoded ?? { ...file, encoding: null };
    const headers: Record<string, string | number> = {
      'content-type': TYPES[extname(file.path)] ?? 'application/octet-stream',
      'content-length': sent.size,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // index.html carries the token in its URL on first load; keep it out of caches.
      'cache-control': file.path.endsWith('.html') ? 'no-store' : hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (sent.encoding) headers['content-encoding'] = sent.encoding;
    if (COMPRESSIBLE.has(extname(file.path))) headers.vary = 'accept-encoding';
    if (file.path.endsWith('.html')) {
      headers['content-security-policy'] = RENDERER_CSP;
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(sent.path).on('error', () => res.destroy()).pipe(res);
    return true;
  }

  /** The precompressed twin the browser accepts (brotli first), if the build made one. */
  private encoded(path: string, accept: string | string[] | undefined): { path: string; size: number; encoding: string } | null {
    if (!COMPRESSIBLE.has(extname(path))) return null;
    const accepted = new Set(String(accept ?? '').split(',').map((e) => e.split(';')[0]!.trim()));
    for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
      if (!accepted.has(encoding)) continue;
      try {
        const stat = statSync(path + ext);
        if (stat.isFile()) return { path: path + ext, size: stat.size, encoding };
      } catch {
        // no twin: try the next encoding
      }
    }
    return null;
  }

  private resolve(pathname: string): { path: string; size: number } | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
    const path = normalize(join(this.root, decoded === '/' ? 'index.html' : decoded));
    if (!path.startsWith(this.root + sep)) return null;
    try {
      const stat = statSync(path);
      return stat.isFile() ? { path, size: stat.size } : null;
    } catch {
      return null;
    }
  }
}
