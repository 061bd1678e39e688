// REST + WebSocket face of the MasterApi for browsers, scripts and tests, built from the shared
// route table (preload/routes.ts). Every route needs the bearer token (GET /api/health
// excepted; a raw download may bring a download ticket instead); every error is
// {"error": "..."} with a 4xx/5xx.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Health, MasterApi, MasterEvent, OutputSlice, StreamName } from '../../preload/api.ts';
import { API_METHODS, methodOf } from '../../preload/channels.ts';
import { encodeTimes, PATH_PARAM, ROUTES, type Route as RouteSpec } from '../../preload/routes.ts';
import type { Disposable } from '../base/disposable.ts';
import { ApiError } from '../base/errors.ts';
import { validate } from '../base/validate.ts';
import type { Logger } from '../observe/log.ts';
import { tokenMatches } from '../security/api-token.ts';
import { StoreUnavailableError } from '../store/store-writer.ts';
import { DownloadTickets } from './download-tickets.ts';
import { OutputWatch } from './output-watch.ts';
import { streamSchema } from './schemas.ts';
import { StaticFiles } from './static-files.ts';

const MAX_BODY_BYTES = 1024 * 1024;
/** A WebSocket client further behind than this misses live output; it reads the gap via REST. */
const WS_BACKLOG_LIMIT = 8 * 1024 * 1024;
/** A client this far behind is cut off; it reconnects and reloads its state over REST. */
const WS_STALLED_LIMIT = 64 * 1024 * 1024;
/** The raw output route, the one a download ticket opens. */
const OUTPUT_PATH = /^\/api\/commands\/([^/]+)\/output$/;

type Handler = (req: IncomingMessage, params: string[], url: URL) => Promise<Reply>;
interface Reply {
  status: number;
  json?: unknown;
  bytes?: Uint8Array;
  /** A body sent piece by piece (with backpressure); `headers` must give its content-length. */
  pieces?: AsyncIterable<Uint8Array>;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export class HttpServer implements Disposable {
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly api: MasterApi;
  private readonly token: string;
  private readonly log: Logger;
  private readonly routes: Route[];
  private readonly renderer: StaticFiles | null;
  private readonly tickets = new DownloadTickets();

  /** `rendererDir`: the built renderer served at / (null: API only). */
  constructor(api: MasterApi, token: string, log: Logger, rendererDir: string | null = null) {
    this.api = api;
    this.token = token;
    this.log = log;
    this.renderer = rendererDir ? new StaticFiles(rendererDir) : null;
    this.routes = this.buildRoutes();
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (err: NodeJS.ErrnoException) => {
        reject(new Error(err.code === 'EADDRINUSE' ? `HTTP port ${host}:${port} is already in use (another master?): choose another with --http-port` : `cannot serve HTTP on ${host}:${port}: ${err.message}`));
      });
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async dispose(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** One handler per entry of the shared route table, and the download tickets' (HTTP only). */
  private buildRoutes(): Route[] {
    const ticket: Route = {
      method: 'POST',
      pattern: /^\/api\/commands\/([^/]+)\/download-ticket$/,
      handler: async (req, params) => {
        const cmdId = params[0]!;
        const body = (await readJson(req, {})) as { stream?: unknown } | null;
        const stream = validate(streamSchema, body?.stream ?? 'stdout', 'stream');
        await this.api.commands.get(cmdId);
        const id = this.tickets.issue(cmdId, stream);
        return { status: 201, json: { ticket: id, url: `/api/commands/${encodeURIComponent(cmdId)}/output?${new URLSearchParams({ stream, download: '1', ticket: id })}` } };
      },
    };
    return [ticket, ...API_METHODS.map((name) => {
      const spec = ROUTES[name];
      const call = methodOf(this.api, name);
      const handler: Handler = async (req, params, url) => {
        // The raw file of a stream is the output route's other face: not a slice, all of it.
        if (name === 'commands.output' && url.searchParams.get('download') === '1') return download(this.api, params[0]!, (url.searchParams.get('stream') ?? 'stdout') as StreamName);
        const result = await call(...params, ...(await routeArgs(spec, req, url)));
        return reply(spec, result);
      };
      return { method: spec.method, pattern: new RegExp(`^${spec.path.replace(PATH_PARAM, '([^/]+)')}$`), handler };
    })];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/api/') && this.renderer?.serve(req, res, url.pathname)) return;
      // The token first: without it, callers learn nothing, not even which routes exist.
      if (url.pathname !== '/api/health' && !this.ticketed(req, url)) this.authorize(req, url);
      if (req.method === 'OPTIONS') throw new ApiError(403, 'cross-origin requests are not allowed');
      const matches = this.routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).filter((x) => x.m);
      if (matches.length === 0) throw new ApiError(404, `no such route: ${url.pathname}`);
      const match = matches.find((x) => x.r.method === req.method);
      if (!match) throw new ApiError(405, `${req.method} is not allowed on ${url.pathname}`);
      const params = match.m!.slice(1).map(decodeRouteId);
      send(res, await match.r.handler(req, params, url));
    } catch (err) {
      if (err instanceof ApiError) return send(res, { status: err.status, json: { error: err.message } });
      if (err instanceof StoreUnavailableError) return send(res, { status: 503, json: { error: err.message } });
      this.log.error({ error: err, method: req.method, path: (req.url ?? '').split('?')[0] }, 'API request failed');
      send(res, { status: 500, json: { error: 'internal error; see the master log' } });
    }
  }

  private authorize(req: IncomingMessage, url: URL): void {
    const header = req.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : url.searchParams.get('token');
    if (!given) throw new ApiError(401, 'missing API token: send "Authorization: Bearer <token>" (the token is in <data-dir>/api-token)');
    if (!tokenMatches(this.token, given)) throw new ApiError(403, 'wrong API token');
  }

  /** False without a ticket; true when the request is the download its ticket was issued for. */
  private ticketed(req: IncomingMessage, url: URL): boolean {
    const ticket = url.searchParams.get('ticket');
    if (ticket === null) return false;
    const path = OUTPUT_PATH.exec(url.pathname);
    const fits = req.method === 'GET' && path !== null && url.searchParams.get('download') === '1';
    if (!fits || !this.tickets.redeem(ticket, decodeRouteId(path[1]!), url.searchParams.get('stream') ?? 'stdout')) {
      throw new ApiError(403, 'download ticket unknown, used, expired or for another download: ask for a new one (POST /api/commands/:id/download-ticket)');
    }
    return true;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname !== '/api/events') throw new ApiError(404, `no WebSocket at ${url.pathname}`);
      this.authorize(req, url);
      // Browsers send Origin: only pages served by this master may open the event stream.
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `http://${req.headers.host}`) throw new ApiError(403, `origin ${origin} is not allowed`);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 500;
      const body = JSON.stringify({ error: (err as Error).message });
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    const output = url.searchParams.get('output');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serveEvents(ws, output === '0' ? 'none' : output === 'binary' ? 'binary' : 'base64'));
  }

  private serveEvents(ws: WebSocket, output: 'none' | 'base64' | 'binary'): void {
    const watch = new OutputWatch(true);
    const unsubscribe = this.api.onEvent((event: MasterEvent) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > WS_STALLED_LIMIT) {
        ws.terminate();
        return;
      }
      if (event.type === 'output') {
        // Clients notice a dropped chunk by its offset and read the gap from REST.
        if (ws.bufferedAmount > WS_BACKLOG_LIMIT) return;
        const { data, ...head } = event;
        if (output === 'binary') ws.send(binaryOutputFrame(head, data));
        else ws.send(JSON.stringify({ ...head, data_b64: Buffer.from(data).toString('base64') }));
        return;
      }
      ws.send(JSON.stringify(event));
    }, (cmdId) => output !== 'none' && watch.wants(cmdId));
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      try {
        if (isBinary) throw new ApiError(400, 'message: must be a JSON text frame');
        watch.apply(parseMessage(data.toString()));
      } catch (err) {
        // The client learns what was wrong; its subscriptions stay as they were.
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', error: err instanceof ApiError ? err.message : 'message: not understood' }));
      }
    });
  }
}

/**
 * An output event as one binary frame: the event without its data as JSON (its length first, a
 * 32-bit big-endian count of bytes), then the data as is. No base64: a third fewer bytes, and no
 * string the size of the chunk built and parsed on either side.
 */
function binaryOutputFrame(head: Omit<Extract<MasterEvent, { type: 'output' }>, 'data'>, data: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify(head));
  const frame = Buffer.allocUnsafe(4 + json.length + data.byteLength);
  frame.writeUInt32BE(json.length, 0);
  json.copy(frame, 4);
  frame.set(data, 4 + json.length);
  return frame;
}

function parseMessage(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `message: not valid JSON: ${(err as Error).message}`);
  }
}

/** The method's arguments after the path's, from the query (GET) or the JSON body (POST). */
async function routeArgs(spec: RouteSpec, req: IncomingMessage, url: URL): Promise<unknown[]> {
  if (!spec.args) return [];
  if (spec.args === 'whole') {
    if (spec.method === 'POST') return [await readJson(req, spec.optionalBody ? {} : undefined)];
    const { token: _token, ...query } = Object.fromEntries(url.searchParams);
    return [query];
  }
  if (spec.method === 'POST') {
    const body = (await readJson(req)) as Record<string, unknown> | null;
    return spec.args.map((arg) => body?.[arg.name]);
  }
  return spec.args.map((arg) => {
    const value = url.searchParams.get(arg.name);
    if (value === null) return arg.default;
    return arg.number ? Number(value) : value;
  });
}

function reply(spec: RouteSpec, result: unknown): Reply {
  switch (spec.reply) {
    case 'none':
      return { status: spec.status, json: { ok: true } };
    case 'bytes': {
      const slice = result as OutputSlice;
      return {
        status: spec.status,
        bytes: slice.data,
        headers: { 'content-type': 'application/octet-stream', 'x-next-offset': String(slice.next_offset), 'x-line': String(slice.line), 'x-times': encodeTimes(slice.times) },
      };
    }
    case 'lines': {
      const lines = (result as unknown[]).map((item) => JSON.stringify(item) + '\n').join('');
      return { status: spec.status, bytes: Buffer.from(lines), headers: { 'content-type': 'application/x-ndjson' } };
    }
    default: {
      const unwell = spec.path === '/api/health' && !(result as Health).ok;
      return { status: unwell ? 503 : spec.status, json: result };
    }
  }
}

/** The whole stored stream as a file: sized when asked, so output that arrives meanwhile waits for the next download. */
async function download(api: MasterApi, cmdId: string, stream: StreamName): Promise<Reply> {
  const command = await api.commands.get(cmdId);
  validate(streamSchema, stream, 'stream');
  const size = stream === 'stderr' ? command.stderr_bytes : command.stdout_bytes;
  async function* pieces(): AsyncIterable<Uint8Array> {
    for (let offset = 0; offset < size;) {
      const slice = await api.commands.output(cmdId, stream, offset, size - offset);
      if (slice.data.length === 0) return;
      offset += slice.data.length;
      yield slice.data;
    }
  }
  return {
    status: 200,
    pieces: pieces(),
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(size),
      'content-disposition': `attachment; filename="${cmdId.replace(/[^\w.-]/g, '_')}.${stream}.log"`,
    },
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) return;
  if (reply.pieces) return void sendPieces(res, reply);
  const body = reply.bytes ? Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength) : Buffer.from(JSON.stringify(reply.json ?? null));
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(body);
}

async function sendPieces(res: ServerResponse, reply: Reply): Promise<void> {
  res.writeHead(reply.status, { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...reply.headers });
  try {
    for await (const piece of reply.pieces!) {
      if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      if (res.destroyed) return;
    }
    res.end();
  } catch {
    res.destroy();
  }
}

/** The JSON body; `emptyAs` (when given) stands for an empty body, for requests whose body is optional. */
async function readJson(req: IncomingMessage, emptyAs?: unknown): Promise<unknown> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    parts.push(part);
  }
  const text = Buffer.concat(parts).toString('utf8');
  if (text.trim() === '') {
    if (emptyAs !== undefined) return emptyAs;
    throw new ApiError(400, 'request body is empty; send a JSON object');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

function decodeRouteId(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiError(400, `${JSON.stringify(text)} in the path is not valid percent-encoding`);
  }
}
