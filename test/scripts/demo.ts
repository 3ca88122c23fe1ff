// `npm run demo`: the local stack with sample data, then a real VS Code (code-server) in the
// browser with the freshly built extension installed and already connected to that stack.
// Stays up until Ctrl+C, which stops everything it started. Run with `node --import tsx` rather
// than the tsx CLI: the CLI SIGKILLs its child when it does not acknowledge a signal within 30 ms,
// which on a busy machine cuts the clean shutdown short.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../stack/index';
import { freePort, startCodeServer, type CodeServerHandle } from './codeServer';
import { packageVsix } from './vsix';
import { writeConnectedWorkspace } from './workspace';

const out = (s: string) => process.stdout.write(s);

async function portOrFree(wanted: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(wanted, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  return free ? wanted : freePort();
}

async function main(): Promise<void> {
  const started = Date.now();
  const cleanups: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    out('\nStopping…\n');
    for (const c of cleanups.reverse()) await c().catch((e) => process.stderr.write(`${String(e)}\n`));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  out('Building the extension (npm run package)…\n');
  const vsixPromise = packageVsix(process.cwd()).then(
    (p) => ({ ok: true as const, path: p }),
    (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
  );
  const stackPort = process.env.STACK_PORT ? Number(process.env.STACK_PORT) : undefined;
  const stack: Stack = await startStack({ port: stackPort, log: process.env.STACK_LOG ? (l) => process.stderr.write(`${l}\n`) : undefined });
  cleanups.push(() => stack.stop());
  const vsix = await vsixPromise;

  let codeServer: CodeServerHandle | undefined;
  let vscodeProblem: string | undefined;
  if (!vsix.ok) {
    vscodeProblem = `The extension could not be built:\n${vsix.error}`;
  } else {
    try {
      const workspace = await mkdtemp(join(tmpdir(), 'supabase-explorer-demo-'));
      cleanups.push(() => rm(workspace, { recursive: true, force: true }));
      process.on('exit', () => rmSync(workspace, { recursive: true, force: true }));
      await writeConnectedWorkspace(workspace, { url: stack.url, secretKey: stack.secretKey, publishableKey: stack.publishableKey });
      const port = await portOrFree(process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : 8787);
      codeServer = await startCodeServer({
        workspace,
        port,
        vsix: [vsix.path],
        setupLog: (l) => out(`${l}\n`),
        log: process.env.CODE_SERVER_LOG ? (l) => process.stderr.write(`[code-server] ${l}\n`) : undefined,
      });
      cleanups.push(() => codeServer!.stop());
    } catch (e) {
      vscodeProblem = e instanceof Error ? e.message : String(e);
    }
  }

  out(`\nSupabase Explorer demo is up (${((Date.now() - started) / 1000).toFixed(1)} s).\n\n`);
  if (codeServer) {
    out(`  Open VS Code      ${codeServer.workbenchUrl()}\n`);
    out(`                    (the Supabase icon in the activity bar; the workspace's .env connects the stack)\n\n`);
  } else {
    out(`  VS Code could not be started, only the stack is running:\n    ${String(vscodeProblem).split('\n').join('\n    ')}\n\n`);
  }
  out(`  Project URL       ${stack.url}\n`);
  out(`  anon key          ${stack.anonKey}\n`);
  out(`  service_role key  ${stack.serviceRoleKey}\n`);
  out(`  publishable key   ${stack.publishableKey}\n`);
  out(`  secret key        ${stack.secretKey}\n`);
  out(`  Database          ${stack.dbUrl}\n\n`);
  out('Press Ctrl+C to stop.\n');
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
