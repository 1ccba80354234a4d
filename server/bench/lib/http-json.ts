/**
 * A small keep-alive JSON client over node:http for load generation. The load generator shares two cores
 * with the server and the emulator, so it uses the cheapest client Node has (no fetch/undici streams):
 * every CPU millisecond it saves is one the measured processes get.
 */
import { Agent, request } from 'node:http';

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export class HttpJsonClient {
  private agent: Agent;
  private host: string;
  private port: number;
  /** Called with each request's latency (ms, request written → body read), when set. */
  onLatency: ((ms: number) => void) | null = null;

  constructor(
    baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
    private readonly maxSockets = 4,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** Sends the next requests to another server (same headers); its kept-alive sockets are closed. */
  retarget(baseUrl: string): void {
    const url = new URL(baseUrl);
    if (url.hostname === this.host && Number(url.port) === this.port) return;
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent.destroy();
    this.agent = new Agent({ keepAlive: true, maxSockets: this.maxSockets });
  }

  setHeader(name: string, value: string): void {
    this.defaultHeaders[name] = value;
  }

  post<T>(path: string, body?: unknown): Promise<JsonResponse<T>> {
    return this.send<T>('POST', path, body);
  }

  get<T>(path: string): Promise<JsonResponse<T>> {
    return this.send<T>('GET', path);
  }

  send<T>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { ...this.defaultHeaders };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const startedAt = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            if (text !== '' && (res.headers['content-type'] ?? '').includes('json')) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            this.onLatency?.(performance.now() - startedAt);
            resolve({ status: res.statusCode ?? 0, body: parsed as T, headers: res.headers });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
