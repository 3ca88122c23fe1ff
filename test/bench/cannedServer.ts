// A local HTTP server that answers like PostgREST behind the Supabase gateway without any database
// work, so a bench against it measures the client's own cost. Run as a child process by the bench
// (`startCannedServer`), so its CPU time is not charged to the clients.
import { createServer, type Server } from 'node:http';
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';

/** The rows every select answers with (the sample `planets`). */
export function cannedRows(): { id: number; name: string }[] {
  return [
    { id: 1, name: 'Mercury' },
    { id: 2, name: 'Venus' },
    { id: 3, name: 'Earth' },
    { id: 4, name: 'Mars' },
  ];
}

/** Builds the canned server (not listening). Every response is computed once up front. */
export function createCannedServer(): Server {
  // PostgREST renders json_agg output: elements separated by ",\n ".
  const rows = cannedRows();
  const body = Buffer.from('[' + rows.map((r) => JSON.stringify(r)).join(',\n ') + ']');
  const okHeaders = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Range': `0-${rows.length - 1}/*`,
    'Content-Length': String(body.length),
  };
  const notFound = Buffer.from(
    JSON.stringify({ code: 'PGRST205', details: null, hint: null, message: "Could not find the table in the schema cache" }),
  );
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    req.resume();
    if ((req.method === 'GET' || req.method === 'HEAD') && path === '/rest/v1/planets' && req.headers.apikey) {
      res.writeHead(200, okHeaders);
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(req.headers.apikey ? 404 : 401, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(notFound.length) });
    res.end(notFound);
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

export interface CannedServerHandle {
  url: string;
  stop(): Promise<void>;
}

/** Starts the canned server in a child process on 127.0.0.1 and returns its URL. */
export async function startCannedServer(): Promise<CannedServerHandle> {
  const child: ChildProcess = fork(__filename, ['--serve'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('canned server did not start within 20 s')), 20_000);
    child.once('message', (m: unknown) => {
      clearTimeout(timer);
      const p = (m as { port?: unknown }).port;
      if (typeof p === 'number') resolve(p);
      else reject(new Error(`canned server sent ${JSON.stringify(m)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`canned server exited early (code ${code})`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv.includes('--serve') && process.send) {
  const server = createCannedServer();
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
  // Leave with the parent.
  process.on('disconnect', () => process.exit(0));
}
