// `npm run bench`: client overhead on a canned PostgREST server (the measured targets), an
// informative select bench against the local stack, the extension bundle size and activate() time,
// the VSIX size (≤ 2 MB, built with `npm run package` unless --no-build), and the results grid of
// the query builder webview in Chromium (test/bench/grid.ts).
// Flags: --quick (fewer, shorter rounds), --no-stack, --no-build (measure what is already built),
// --no-grid. Exits 0 whether targets pass or fail; a crash or the watchdog exits 1.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCannedServer, cannedRows } from './cannedServer';
import { benchClients, CORE_CLIENT_NAME, type BenchClient, type SelectOp } from './clients';
import { atLeast, atMost, formatCount, formatKB, formatRatio, median, renderTable, summarize, type Summary } from './stats';
import { sampleActivation, type ActivationSample } from './activation';
import { startStack } from '../stack/index';
import { gridBench } from './grid';
import { packageVsix, readZipEntries, VSIX_FILE } from '../scripts/vsix';

const ROOT = join(__dirname, '..', '..');
const WATCHDOG_MS = 25 * 60_000;
const BUNDLE_BUDGET_BYTES = 400 * 1024;
const VSIX_BUDGET_BYTES = 2 * 1024 * 1024;
const ACTIVATION_BUDGET_MS = 50;
const ACTIVATION_RUNS = 5;

interface Plan {
  concurrency: number[];
  rounds: number;
  warmup: number;
  /** Requests per timed round, per concurrency. */
  perRound: (concurrency: number) => number;
}

interface Measured {
  client: string;
  concurrency: number;
  rate: Summary;
  cpuUsPerReq: Summary;
}

let collect: (() => void) | undefined;
/**
 * A full garbage collection between timed batches, so one client's garbage is not collected on the
 * next client's time. `gc` is exposed at run time, so `npm run bench` needs no node flag.
 */
function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** Runs `total` operations keeping `concurrency` in flight; returns wall ms and client CPU µs. */
async function runBatch(op: SelectOp, total: number, concurrency: number, check: (v: unknown) => void): Promise<{ ms: number; cpuUs: number }> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      check(await op());
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuUs: cpu.user + cpu.system };
}

async function measure(url: string, key: string, clients: BenchClient[], plan: Plan, check: (v: unknown) => void): Promise<Measured[]> {
  const ops = new Map<string, SelectOp>();
  for (const c of clients) ops.set(c.name, await c.make(url, key));
  const out: Measured[] = [];
  for (const concurrency of plan.concurrency) {
    const rates = new Map<string, number[]>();
    const cpus = new Map<string, number[]>();
    for (const c of clients) {
      await runBatch(ops.get(c.name)!, plan.warmup, concurrency, check);
      rates.set(c.name, []);
      cpus.set(c.name, []);
    }
    const n = plan.perRound(concurrency);
    for (let round = 0; round < plan.rounds; round++) {
      // Rotate the order each round so no client always runs first (or right after a GC-heavy one).
      for (let i = 0; i < clients.length; i++) {
        const c = clients[(i + round) % clients.length]!;
        collectGarbage();
        await new Promise((r) => setImmediate(r));
        const { ms, cpuUs } = await runBatch(ops.get(c.name)!, n, concurrency, check);
        rates.get(c.name)!.push((n * 1000) / ms);
        cpus.get(c.name)!.push(cpuUs / n);
      }
    }
    for (const c of clients) {
      out.push({ client: c.name, concurrency, rate: summarize(rates.get(c.name)!), cpuUsPerReq: summarize(cpus.get(c.name)!) });
    }
  }
  return out;
}

function resultTable(results: Measured[]): string {
  return renderTable(
    ['in flight', 'client', 'req/s (median)', 'min', 'max', 'client CPU µs/req'],
    results.map((r) => [
      String(r.concurrency),
      r.client,
      formatCount(r.rate.median),
      formatCount(r.rate.min),
      formatCount(r.rate.max),
      formatCount(r.cpuUsPerReq.median),
    ]),
  );
}

function ratioLines(results: Measured[], concurrency: number[]): string[] {
  const lines: string[] = [];
  const rows: string[][] = [];
  const rate = (client: string, c: number) => results.find((r) => r.client === client && r.concurrency === c)?.rate.median;
  for (const c of concurrency) {
    const core = rate(CORE_CLIENT_NAME, c);
    const sb = rate('supabase-js', c);
    const raw = rate('raw undici', c);
    const vsSb = core !== undefined && sb ? core / sb : undefined;
    const vsRaw = core !== undefined && raw ? core / raw : undefined;
    rows.push([`core / supabase-js`, String(c), vsSb === undefined ? 'n/a' : formatRatio(vsSb), '≥ 2×', atLeast(vsSb, 2)]);
    rows.push([`core / raw undici`, String(c), vsRaw === undefined ? 'n/a' : formatRatio(vsRaw), '≥ 0.8×', atLeast(vsRaw, 0.8)]);
    if (sb && raw) rows.push([`supabase-js / raw undici`, String(c), formatRatio(sb / raw), '(info)', '']);
    // The same comparison by client CPU per request (less sensitive to a busy machine): cost of
    // the other client divided by the core's cost.
    const cpu = (client: string) => results.find((r) => r.client === client && r.concurrency === c)?.cpuUsPerReq.median;
    const coreCpu = cpu(CORE_CLIENT_NAME);
    const sbCpu = cpu('supabase-js');
    const rawCpu = cpu('raw undici');
    if (coreCpu && sbCpu) rows.push([`CPU: supabase-js / core`, String(c), formatRatio(sbCpu / coreCpu), '(info)', '']);
    if (coreCpu && rawCpu) rows.push([`CPU: raw undici / core`, String(c), formatRatio(rawCpu / coreCpu), '(info)', '']);
  }
  lines.push(renderTable(['ratio', 'in flight', 'value', 'target', 'verdict'], rows));
  if (!results.some((r) => r.client === CORE_CLIENT_NAME)) {
    lines.push(`${CORE_CLIENT_NAME}: not measured (not listed in test/bench/clients.ts) → N/A`);
  }
  return lines;
}

async function clientOverhead(plan: Plan): Promise<void> {
  console.log('\n## Client overhead — canned PostgREST server (separate process, 127.0.0.1, no database)');
  console.log('GET /rest/v1/planets?select=* → 200, 4 rows, Content-Range 0-3/*; each client decodes the JSON.');
  console.log(`${plan.rounds} timed rounds per client after ${plan.warmup} warm-up requests; medians of the rounds.\n`);
  const server = await startCannedServer();
  const expected = cannedRows();
  try {
    const results = await measure(server.url, 'bench-key', benchClients(), plan, (v) => {
      if (!isDeepStrictEqual(v, expected)) throw new Error(`unexpected response: ${JSON.stringify(v)}`);
    });
    console.log(resultTable(results));
    console.log('');
    for (const l of ratioLines(results, plan.concurrency)) console.log(l);
  } finally {
    await server.stop();
  }
}

async function stackSelect(plan: Plan): Promise<void> {
  console.log('\n## Select against the local stack (informative: includes PostgreSQL and the stack server)');
  const stack = await startStack({ sampleData: true });
  try {
    const results = await measure(stack.url, stack.anonKey, benchClients(), plan, (v) => {
      if (!Array.isArray(v) || v.length === 0) throw new Error(`unexpected response: ${JSON.stringify(v)}`);
    });
    console.log(resultTable(results));
  } finally {
    await stack.stop();
  }
}

function bundleSize(build: boolean): void {
  console.log('\n## Extension bundle');
  if (!existsSync(join(ROOT, 'src', 'extension.ts'))) {
    console.log('src/extension.ts is not on this branch: nothing to build; dist/extension.js size N/A');
    return;
  }
  if (build) {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['esbuild.mjs', '--release'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0) {
      console.log(`build:release failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`);
      return;
    }
    console.log(`build:release done in ${Date.now() - t0} ms`);
  }
  const rows: string[][] = [];
  const ext = join(ROOT, 'dist', 'extension.js');
  const extSize = existsSync(ext) ? statSync(ext).size : undefined;
  rows.push(['dist/extension.js', extSize === undefined ? 'missing' : formatKB(extSize), '≤ 400 KB', atMost(extSize, BUNDLE_BUDGET_BYTES)]);
  const core = join(ROOT, 'dist', 'core.js');
  if (existsSync(core)) rows.push(['dist/core.js (lazy)', formatKB(statSync(core).size), '(info)', '']);
  console.log(renderTable(['file', 'size', 'target', 'verdict'], rows));
  if (extSize !== undefined) activation(ext);
}

/**
 * The packaged extension against its 2 MB budget. Builds it with `npm run package` (the helper the
 * VSIX e2e test uses; SBX_E2E_VSIX reuses a built file) unless --no-build, in which case an existing
 * supabase-explorer.vsix is measured and a missing one is N/A. Never throws.
 */
async function vsixSize(build: boolean): Promise<void> {
  console.log('\n## VSIX package');
  const row = (size: number | undefined, note: string) =>
    console.log(renderTable(['file', 'size', 'target', 'verdict'], [[VSIX_FILE, size === undefined ? note : `${(size / 1024 / 1024).toFixed(2)} MB (${formatKB(size)})`, '≤ 2 MB', atMost(size, VSIX_BUDGET_BYTES)]]));
  const envVsix = process.env.SBX_E2E_VSIX;
  let file: string | undefined = envVsix ? envVsix : join(ROOT, VSIX_FILE);
  if (build && !envVsix) {
    if (!existsSync(join(ROOT, 'src', 'extension.ts'))) {
      console.log('src/extension.ts is not on this branch: nothing to package');
      row(undefined, 'not built');
      return;
    }
    const t0 = Date.now();
    try {
      file = await packageVsix(ROOT);
      console.log(`npm run package done in ${Date.now() - t0} ms`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      console.log(`npm run package failed: ${msg.trim().split('\n').slice(-5).join('\n')}`);
      file = undefined;
    }
  }
  if (!file || !existsSync(file)) {
    row(undefined, build ? 'build failed' : `missing (--no-build; run npm run package)`);
    return;
  }
  const size = statSync(file).size;
  row(size, '');
  try {
    const entries = await readZipEntries(file);
    const unpacked = entries.reduce((n, e) => n + e.size, 0);
    console.log(`${entries.length} files, ${formatKB(unpacked)} unpacked${build ? '' : ' (existing file, --no-build)'}`);
  } catch (e) {
    console.log(`could not read the zip directory: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function activation(bundle: string): void {
  console.log(`\n## activate() — cold load + activate() of dist/extension.js with a no-op vscode stub, median of ${ACTIVATION_RUNS} fresh processes`);
  const samples: ActivationSample[] = [];
  for (let i = 0; i < ACTIVATION_RUNS; i++) {
    const s = sampleActivation(bundle, ROOT);
    if ('error' in s) {
      console.log(`activate() N/A: ${s.error}`);
      return;
    }
    samples.push(s);
  }
  const load = median(samples.map((s) => s.loadMs));
  const act = median(samples.map((s) => s.activateMs));
  const total = median(samples.map((s) => s.loadMs + s.activateMs));
  console.log(
    renderTable(
      ['measure', 'median', 'target', 'verdict'],
      [
        ['code loading', `${load.toFixed(1)} ms`, '(info)', ''],
        ['activate() call', `${act.toFixed(1)} ms`, '(info)', ''],
        ['load + activate()', `${total.toFixed(1)} ms`, `≤ ${ACTIVATION_BUDGET_MS} ms`, atMost(total, ACTIVATION_BUDGET_MS)],
      ],
    ),
  );
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const quick = args.has('--quick');
  const watchdog = setTimeout(() => {
    console.error(`bench watchdog: still running after ${WATCHDOG_MS / 60000} min, giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  console.log(`# npm run bench — Node ${process.version}, ${new Date().toISOString()}${quick ? ' (quick)' : ''}`);
  await clientOverhead({
    concurrency: [1, 16],
    rounds: quick ? 3 : 11,
    warmup: quick ? 300 : 1000,
    perRound: (c) => (quick ? 500 : c === 1 ? 800 : 1500),
  });
  if (!args.has('--no-stack')) {
    try {
      await stackSelect({ concurrency: [1, 16], rounds: 3, warmup: 100, perRound: () => (quick ? 150 : 400) });
    } catch (e) {
      console.log(`stack bench skipped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  bundleSize(!args.has('--no-build'));
  try {
    await vsixSize(!args.has('--no-build'));
  } catch (e) {
    console.log(`VSIX size N/A: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (args.has('--no-grid')) console.log('\n## Results grid (Chromium)\nskipped (--no-grid)');
  else await gridBench({ quick });
  clearTimeout(watchdog);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error('bench failed:', e);
    process.exit(1);
  },
);
