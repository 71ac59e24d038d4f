import { Agent, request } from 'node:http';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';

/**
 * The gateway's fetcher for subgraph calls: node:http over a keep-alive agent, with the
 * response buffered and a timeout. It is the least CPU per call of the fetchers we measured (undici's
 * fetch and the gateway's default spent several times more per request, most of it in
 * stream plumbing), and subgraph calls are the gateway's hot path.
 */
export function createHttpFetcher(timeoutMs = 10_000, maxSockets = 64): Fetcher & { close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
  const fetcher: Fetcher = (url, init) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const body = init?.body === undefined ? undefined : Buffer.from(init.body);
      const req = request(
        url,
        {
          method: init?.method ?? 'GET',
          agent,
          headers: { ...init?.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const headers = new Headers();
            for (const [key, value] of Object.entries(res.headers)) {
              if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
            }
            const status = res.statusCode ?? 0;
            const response: FetcherResponse = {
              bodyUsed: false,
              url,
              redirected: false,
              status,
              ok: status >= 200 && status < 300,
              statusText: res.statusMessage ?? '',
              headers,
              text: async () => text,
              json: async () => JSON.parse(text),
              arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
              clone: () => response,
            };
            resolve(response);
          });
        },
      );
      req.on('error', reject);
      // A subgraph that accepts the connection and never answers costs its stage, not the request.
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.end(body);
    });
  // close(): drops the kept-alive connections, when the gateway stops.
  return Object.assign(fetcher, { close: () => agent.destroy() });
}
