// Installs code-server (a real VS Code build that runs on Node 20) into a per-user cache outside
// the clone, and starts/stops isolated instances of it. Used by the e2e tests and `npm run demo`.
// Recipe: code-server from npm, Debian's ripgrep fed to @vscode/ripgrep's postinstall through its
// tarball cache, libkrb5-dev for the `kerberos` native module.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../stack/postgres/boot';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/** Debian packages code-server needs at install/run time (chromium is only for the e2e browser). */
export const CODE_SERVER_APT_PACKAGES = ['libkrb5-dev', 'ripgrep'] as const;

export type Log = (line: string) => void;

const defaultLog: Log = (line) => process.stderr.write(`${line}\n`);

/** `${XDG_CACHE_HOME:-~/.cache}/supabase-explorer/code-server-<version>`. */
export function codeServerCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME && process.env.XDG_CACHE_HOME.length > 0 ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'supabase-explorer', `code-server-${CODE_SERVER_VERSION}`);
}

export class SetupError extends Error {
  override readonly name = 'SetupError';
}

function dpkgInstalled(pkg: string): boolean | undefined {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  if (r.error) return undefined; // no dpkg on this machine
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs the given Debian packages with apt-get when they are missing (root only). Without root
 * or apt, explains what to install and throws.
 */
export function ensureAptPackages(pkgs: readonly string[], log: Log = defaultLog): void {
  const states = pkgs.map((p) => [p, dpkgInstalled(p)] as const);
  if (states.every(([, s]) => s === undefined)) {
    // Not a Debian-like system: only check what can be checked.
    if (pkgs.includes('ripgrep') && !onPath('rg')) {
      throw new SetupError('ripgrep (`rg`) is required by code-server; install it with your package manager.');
    }
    return;
  }
  const missing = states.filter(([, s]) => !s).map(([p]) => p);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new SetupError(
      `Missing system packages: ${missing.join(', ')}. Install them once with:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
        `then run this command again.`,
    );
  }
  log(`Installing system packages: ${missing.join(', ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) throw new SetupError(`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Takes an exclusive lock (a directory created atomically, holding the owner's pid). */
async function withLock<T>(lockDir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        // the owner is between mkdir and writing its pid
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        log(`Removing stale install lock of dead process ${owner}.`);
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        log('Another process is installing code-server; waiting for it…');
        announced = true;
      }
      if (Date.now() > deadline) throw new SetupError(`Timed out waiting for the lock ${lockDir}.`);
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; log: Log }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (b: Buffer) => {
      for (const line of b.toString('utf8').split('\n')) {
        if (line.trim().length === 0) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (process.env.SBX_SETUP_VERBOSE) opts.log(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new SetupError(`${cmd} ${args.join(' ')} failed (${code ?? signal}):\n${tail.join('\n')}`));
    });
  });
}

/** Path of code-server's entry script inside an install dir. */
function entryOf(dir: string): string {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * Returns the path of code-server's entry script, installing code-server into the per-user cache
 * first when it is not there yet. Safe to call from several processes at once.
 */
export async function ensureCodeServer(opts: { log?: Log; dir?: string } = {}): Promise<string> {
  const log = opts.log ?? defaultLog;
  const dir = opts.dir ?? codeServerCacheDir();
  const marker = join(dir, '.installed');
  if (existsSync(marker) && existsSync(entryOf(dir))) return entryOf(dir);
  ensureAptPackages(CODE_SERVER_APT_PACKAGES, log);
  mkdirSync(join(dir, '..'), { recursive: true });
  return withLock(`${dir}.lock`, log, async () => {
    if (existsSync(marker) && existsSync(entryOf(dir))) return entryOf(dir);
    const started = Date.now();
    log(`Installing code-server ${CODE_SERVER_VERSION} into ${dir} (once per machine, 1-3 min)…`);
    // A half-finished install (killed midway) is discarded and redone.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify(
        {
          name: 'supabase-explorer-code-server',
          private: true,
          description: 'code-server for Supabase Explorer e2e tests and demo (generated)',
          allowScripts: { 'code-server': true, '@vscode/ripgrep': true, 'node-pty': true, kerberos: true, argon2: true },
        },
        null,
        2,
      ),
    );
    // @vscode/ripgrep's postinstall downloads rg from GitHub unless this tarball is cached.
    const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
    if (!rg) throw new SetupError('ripgrep (`rg`) is not on PATH.');
    const rgCache = join(process.env.TMPDIR || tmpdir(), 'vscode-ripgrep-cache-1.15.11');
    mkdirSync(rgCache, { recursive: true });
    const tarball = join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
    if (!existsSync(tarball)) {
      const r = spawnSync('tar', ['czf', tarball, '-C', join(rg, '..'), 'rg']);
      if (r.status !== 0) throw new SetupError(`could not create ${tarball}`);
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
      npm_config_yes: 'true', // node-pty's install calls npx
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
    };
    // Never inherit the project's own install flags (e.g. npm ci's).
    delete env.npm_config_global;
    delete env.npm_config_prefix;
    await run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env, log });
    if (!existsSync(entryOf(dir))) throw new SetupError(`code-server installed but ${entryOf(dir)} is missing.`);
    writeFileSync(marker, new Date().toISOString());
    log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s.`);
    return entryOf(dir);
  });
}

/** Re-exported so the demo and e2e share the stack's free-port helper. */
export { freePort };

export interface StartCodeServerOptions {
  /** Folder opened as the workspace. */
  workspace: string;
  /** VSIX files installed before start (`--install-extension … --force`). */
  vsix?: string[];
  /** Extra user settings merged over the defaults. */
  settings?: Record<string, unknown>;
  /** Fixed port; a free one when omitted. */
  port?: number;
  /** Where the run's user-data and extension dirs go; a fresh temp dir when omitted. */
  runDir?: string;
  /** Receives code-server's output lines. */
  log?: Log;
  /** Setup progress (install). */
  setupLog?: Log;
}

export interface CodeServerHandle {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  runDir: string;
  extensionsDir: string;
  userDataDir: string;
  workspace: string;
  /**
   * The workbench URL for the workspace; `payload` entries (e.g. extensionDevelopmentPath,
   * extensionTestsPath) are passed as VS Code's web payload, paths made `vscode-remote:` URIs.
   */
  workbenchUrl(payload?: Array<[string, string]>): string;
  /** A `vscode-remote://` URI for an absolute path on this machine, as the payload expects. */
  remoteUri(absPath: string): string;
  stop(): Promise<void>;
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
};

const live = new Set<ChildProcess>();
/** Temp run dirs of live instances, removed even when this process exits without stop(). */
const ownedRunDirs = new Set<string>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort: never leave a code-server behind when this process exits.
  process.on('exit', () => {
    for (const c of live) killGroup(c, 'SIGKILL');
    for (const d of ownedRunDirs) rmSync(d, { recursive: true, force: true });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new SetupError(`code-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new SetupError(`code-server did not answer ${url}/healthz within ${timeoutMs} ms:\n${output()}`);
    await sleep(150);
  }
}

function runCodeServerCli(entry: string, args: string[], log: Log): Promise<void> {
  return run(process.execPath, [entry, ...args], { log });
}

/** Starts an isolated code-server (fresh user data, own extensions dir) and waits for /healthz. */
export async function startCodeServer(opts: StartCodeServerOptions): Promise<CodeServerHandle> {
  const log = opts.log ?? (() => {});
  const entry = await ensureCodeServer({ log: opts.setupLog });
  const runDir = opts.runDir ?? (await mkdtemp(join(tmpdir(), 'sbx-code-server-')));
  const ownsRunDir = opts.runDir === undefined;
  if (ownsRunDir) {
    ownedRunDirs.add(runDir);
    installExitHook();
  }
  const userDataDir = join(runDir, 'data');
  const extensionsDir = join(runDir, 'exts');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...opts.settings }, null, 2));
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of opts.vsix ?? []) {
    await runCodeServerCli(entry, [...common, '--install-extension', resolve(vsix), '--force'], log);
  }
  const port = opts.port ?? (await freePort());
  const config = join(runDir, 'config.yaml');
  await writeFile(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const workspace = resolve(opts.workspace);
  const child = spawn(
    process.execPath,
    [
      entry,
      '--config',
      config,
      ...common,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_PROXY_URI: '' } },
  );
  live.add(child);
  installExitHook();
  const tail: string[] = [];
  const onData = (b: Buffer) => {
    for (const line of b.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
      log(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  exited.then(() => live.delete(child));
  const url = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // the extension host and other helpers share the group: make sure none outlives us
      killGroup(child, 'SIGKILL');
      if (ownsRunDir) {
        await rm(runDir, { recursive: true, force: true }).catch(() => {});
        ownedRunDirs.delete(runDir);
      }
    })());
  try {
    await waitForHealth(url, child, () => tail.join('\n'), 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  const remoteUri = (absPath: string) => `vscode-remote://127.0.0.1:${port}${resolve(absPath)}`;
  return {
    url,
    port,
    runDir,
    extensionsDir,
    userDataDir,
    workspace,
    remoteUri,
    workbenchUrl(payload) {
      const u = new URL(url);
      u.searchParams.set('folder', workspace);
      if (payload && payload.length > 0) u.searchParams.set('payload', JSON.stringify(payload));
      return u.toString();
    },
    stop,
  };
}

// `tsx test/scripts/codeServer.ts install` pre-installs code-server (used by CI to fail early).
if (require.main === module) {
  const cmd = process.argv[2];
  if (cmd === 'install') {
    ensureCodeServer()
      .then((p) => process.stdout.write(`${p}\n`))
      .catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      });
  } else {
    process.stderr.write('usage: tsx test/scripts/codeServer.ts install\n');
    process.exit(2);
  }
}
