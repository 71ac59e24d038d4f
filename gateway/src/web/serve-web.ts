import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { cityUnits, demoCourt, demoPoliceBureau, demoProcuratorate, isRole, serviceLogger, type Role } from '@xianjie/subgraph-kit';
import type { CryptoKey } from 'jose';
import { issueDevToken, verifyUserToken, type UserTokenConfig } from '../auth/user-token';

export interface WebOptions {
  /** The console's built files (web/dist, `npm run build`). */
  dir: string;
  /** Development only: the GraphQL IDE at /graphql for a browser. Production serves none of it. */
  development?: boolean;
  /**
   * Development only: POST /dev/token signs a development token with this key (as `npm run
   * token`), checked as the gateway checks every token.
   */
  devTokens?: { issuerKey: CryptoKey; userTokens: UserTokenConfig };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
/** The pages load only this origin's files and talk only to it: nothing leaves the machine. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The organisation an institution's role belongs to, by its code's prefix (an agency for enforcement). */
const ORG_PREFIX: Partial<Record<Role, string>> = { enforcement: 'AG-', 'agency-head': 'AG-', police: 'PB-', procurator: 'PP-', judge: 'CO-' };

/** The small JSON body of POST /dev/token (at most 4 KiB). */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`控制台尚未构建：请先运行 npm run build（缺少 ${path.basename(file)}）\nThe console is not built: run npm run build.`);
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The demo's bureaus, procuratorates and courts, for the development sign-in's choice of organisation. */
function demoOrganisations() {
  const list = (make: (code: string) => { code: string; name: string }) => cityUnits(make).map(({ code, name }) => ({ code, name }));
  return { police: list(demoPoliceBureau), procurator: list(demoProcuratorate), judge: list(demoCourt) };
}

/** POST /dev/token {role, org}: a development token, refused (400) with the reason in Chinese when the pair is not one. */
async function devToken(req: IncomingMessage, res: ServerResponse, dev: NonNullable<WebOptions['devTokens']>): Promise<void> {
  let input: { role?: unknown; org?: unknown };
  try {
    input = JSON.parse(await readBody(req)) as typeof input;
  } catch {
    return json(res, 400, { error: '请求体不是有效的 JSON' });
  }
  const role = input?.role;
  const org = typeof input?.org === 'string' && input.org.trim() ? input.org.trim() : null;
  if (typeof role !== 'string' || !isRole(role) || role === 'public') return json(res, 400, { error: `未知角色：${String(role)}` });
  const prefix = ORG_PREFIX[role];
  if (prefix && !org) return json(res, 400, { error: '请选择所属单位' });
  if (prefix && !org!.startsWith(prefix)) return json(res, 400, { error: `单位 ${org} 不属于该角色（应以 ${prefix} 开头）` });
  const token = await issueDevToken({ subject: `dev-console-${role}`, role, org: prefix ? org : null }, dev.issuerKey);
  try {
    await verifyUserToken(`Bearer ${token}`, dev.userTokens);
  } catch (error) {
    return json(res, 400, { error: (error as Error).message });
  }
  return json(res, 200, { token });
}

/**
 * Serves the web console beside GraphQL on the gateway's port (same origin: no CORS):
 * `/` the console, `/console.js` and `/console.css` its bundle, `/charts.js` its charts, `/console/config.json`
 * whether this is development. In development also the offline GraphQL IDE (a browser's
 * GET /graphql) and POST /dev/token. Returns false for anything else, which the GraphQL
 * server answers as before.
 */
export function webHandler(options: WebOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const dev = options.development === true;
  const tokens = dev ? options.devTokens : undefined;
  const assets = new Set(['/console.js', '/console.css', '/charts.js', ...(dev ? ['/ide.js', '/ide.css'] : [])]);
  return async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return false;
    }
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (url.pathname === '/dev/token' && tokens) {
      if (req.method !== 'POST') return json(res, 405, { error: '/dev/token takes POST' }), true;
      await devToken(req, res, tokens);
      return true;
    }
    if (!get) return false;
    // A GraphQL GET (`?query=`) stays GraphQL, at / as at /graphql.
    if (url.searchParams.has('query')) return false;
    if (url.pathname === '/' || url.pathname === '/index.html') return sendFile(req, res, path.join(options.dir, 'index.html')).then(() => true);
    if (assets.has(url.pathname)) return sendFile(req, res, path.join(options.dir, url.pathname.slice(1))).then(() => true);
    if (url.pathname === '/console/config.json') {
      json(res, 200, dev ? { development: true, ide: '/graphql', devSignIn: Boolean(tokens), organisations: demoOrganisations() } : { development: false });
      return true;
    }
    if (url.pathname === '/graphql' && dev && /text\/html/.test(req.headers.accept ?? '')) {
      await sendFile(req, res, path.join(options.dir, 'ide.html'));
      return true;
    }
    return false;
  };
}

/** Puts the web handler in front of the server's own request listener (the GraphQL server). */
export function serveWeb(server: Server, options: WebOptions): void {
  const handle = webHandler(options);
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).then(
      (handled) => {
        if (!handled) for (const listener of listeners) listener(req, res);
      },
      (error: Error) => {
        serviceLogger('gateway').error({ err: error }, 'web console: unexpected error');
        if (!res.headersSent) json(res, 500, { error: 'Internal server error' });
        else res.end();
      },
    );
  });
}
