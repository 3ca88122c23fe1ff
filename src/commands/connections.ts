/**
 * Connection commands: add, switch, rename, remove, refresh, read-only, keys, run-as, detect.
 */
import * as vscode from 'vscode';
import type { ConnectionMeta } from '../connections/ConnectionStore';
import type { DetectedProject } from '../connections/detect';
import { normalizeProjectUrl } from '../connections/detect';
import { detectWorkspaceProjects } from '../connections/detectWorkspace';
import { detectKey, describeKey, KeyFormatError, type KeyRole } from '../connections/keys';
import { classifyValidation, type ValidationOutcome } from '../connections/validate';
import type { HostContext } from '../hostContext';
import { connectionId as connectionNodeId, schemaId } from '../trees/nodes';
import { CancelledError, UserError } from './errors';
import { COMMANDS, type CommandId } from './ids';
import { confirmDestructive, connectionDescription, connectionIdOf, pickConnection, required } from './prompts';
import { withProgress, type CommandHandler } from './register';

const DISMISSED_KEY = 'supabaseExplorer.detect.dismissed';

/** Races a promise against a timeout and an abort signal. */
async function bounded<T>(work: PromiseLike<T>, ms: number, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      Promise.resolve(work),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const e = new Error(vscode.l10n.t('No answer within {0} s', Math.round(ms / 1000))) as Error & { code: string };
          e.code = 'ETIMEDOUT';
          reject(e);
        }, ms);
      }),
      new Promise<never>((_, reject) => {
        if (!signal) return;
        onAbort = () => reject(new CancelledError());
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    if (signal && onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Makes the real validation request (`GET /rest/v1/` through the core) and reads its answer. */
export async function validateKey(host: HostContext, url: string, key: string, signal?: AbortSignal): Promise<ValidationOutcome> {
  const role = detectKey(key).role;
  let result: { data: unknown; error: unknown; status?: number };
  const client = host.clients.probe(url, key);
  try {
    const res = await bounded(client.getOpenApiSpec({ ...(signal ? { signal } : {}) }), host.config.requestTimeoutMs + 1000, signal);
    result = { data: res.data, error: res.error, status: res.status };
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    result = { data: null, error: e };
  } finally {
    void client.close().catch(() => undefined);
  }
  const outcome = classifyValidation(url, role, result);
  host.log.info(
    `validate ${url} with ${describeKey(detectKey(key))}: ${outcome.ok ? `ok${outcome.canListSchema ? '' : ' (schema listing needs the secret key)'}` : `${outcome.reason}: ${outcome.message}`}`,
  );
  return outcome;
}

function refreshConnections(host: HostContext): void {
  void vscode.commands.executeCommand('setContext', 'supabaseExplorer.hasConnections', host.connections.list().length > 0);
  host.tablesTree.refresh();
}

export interface ConnectInput {
  name: string;
  url: string;
  keys: Partial<Record<KeyRole, string>>;
  schemas?: string[];
  source?: string;
}

/**
 * Validates every key of a project with a real request and saves it. Throws a UserError with the
 * validation message (unreachable / wrong key / not Supabase) when a key fails.
 */
export async function connectProject(host: HostContext, input: ConnectInput, signal?: AbortSignal): Promise<ConnectionMeta> {
  const url = normalizeProjectUrl(input.url);
  if (!url) throw new UserError(vscode.l10n.t('"{0}" is not an http(s) URL.', input.url));
  for (const key of Object.values(input.keys)) {
    if (!key) continue;
    const outcome = await validateKey(host, url, key, signal);
    if (!outcome.ok) throw new UserError(outcome.message);
  }
  const meta = await host.connections.add({
    name: input.name,
    url,
    keys: input.keys,
    ...(input.schemas ? { schemas: input.schemas } : {}),
    ...(input.source ? { source: input.source } : {}),
  });
  for (const k of Object.values(input.keys)) host.log.registerSecret(k);
  host.log.info(
    `connected "${meta.name}" ${meta.url} with ${Object.keys(meta.keys).join(' + ')} key(s)${meta.source ? ` from ${meta.source}` : ''}`,
  );
  refreshConnections(host);
  return meta;
}

async function askUrl(): Promise<string> {
  const raw = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Supabase Project (1/3)'),
    prompt: vscode.l10n.t('Project URL, e.g. https://abcdefghijklmnopqrst.supabase.co or http://127.0.0.1:54321'),
    placeHolder: 'https://<project-ref>.supabase.co',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || normalizeProjectUrl(v) ? undefined : vscode.l10n.t('Enter an http:// or https:// URL.')),
  });
  const url = normalizeProjectUrl(required(raw));
  if (!url) throw new CancelledError();
  return url;
}

async function askKey(title: string): Promise<string> {
  const raw = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t(
      'API key: the anon / publishable key (sb_publishable_…), or the service_role / secret key (sb_secret_…) to list tables and bypass RLS. Stored in secret storage only.',
    ),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v.trim() === '') return undefined;
      try {
        detectKey(v);
        return undefined;
      } catch (e) {
        return e instanceof KeyFormatError ? e.message : String(e);
      }
    },
  });
  const key = required(raw).trim();
  if (!key) throw new CancelledError();
  return key;
}

function defaultName(url: string): string {
  try {
    const host = new URL(url).hostname;
    const ref = /^([a-z0-9]+)\.supabase\.(co|in)$/.exec(host);
    if (ref) return ref[1];
    return host === '127.0.0.1' || host === 'localhost' ? `local ${new URL(url).port || ''}`.trim() : host;
  } catch {
    return vscode.l10n.t('Supabase project');
  }
}

async function addProject(host: HostContext): Promise<void> {
  const url = await askUrl();
  const key = await askKey(vscode.l10n.t('Add Supabase Project (2/3)'));
  const info = detectKey(key);
  const name = required(
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Supabase Project (3/3)'),
      prompt: vscode.l10n.t('A name for this project'),
      value: host.connections.uniqueName(defaultName(url)),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The name cannot be empty.')),
    }),
  );
  const meta = await withProgress(vscode.l10n.t('Connecting to {0}…', url), ({ signal }) =>
    connectProject(host, { name, url, keys: { [info.role]: key } }, signal),
  );
  await host.connections.setActive(meta.id);
  if (info.role === 'anon') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Connected to "{0}" with the {1}. Listing tables needs the secret (service_role) key; you can still open a table by name.',
        meta.name,
        describeKey(info),
      ),
    );
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connected to "{0}" with the {1}.', meta.name, describeKey(info)));
  }
  await revealConnection(host, meta.id);
}

async function revealConnection(host: HostContext, id: string): Promise<void> {
  const node = host.tablesTree.find(connectionNodeId(id));
  if (node && host.tablesView.visible) {
    try {
      await host.tablesView.reveal(node, { select: true, focus: false, expand: true });
    } catch {
      // not rendered yet
    }
  }
}

function detectedLabel(p: DetectedProject): string {
  return `${p.name} — ${p.url}`;
}

function detectedSource(p: DetectedProject): string {
  return `${p.source.relativePath} (${p.source.folder})`;
}

/**
 * Detects projects in the workspace. With `auto` (activation), connects them without asking when
 * `autoConnectDetected` is on, else offers them once per workspace. Returns what it connected.
 */
export async function runDetection(host: HostContext, mode: 'auto' | 'command'): Promise<ConnectionMeta[]> {
  if (!vscode.workspace.isTrusted) {
    host.log.info('detect: workspace not trusted, .env and config.toml not read');
    if (mode === 'command') throw new UserError(vscode.l10n.t('Trust this workspace to let Supabase Explorer read its .env and supabase/config.toml files.'));
    return [];
  }
  const found = await detectWorkspaceProjects();
  host.log.info(`detect: ${found.length} project(s) in the workspace${found.length ? `: ${found.map((p) => `${p.url} from ${detectedSource(p)}`).join(', ')}` : ''}`);
  const fresh = found.filter((p) => !host.connections.findByUrl(p.url));
  if (fresh.length === 0) {
    if (mode === 'command') {
      void vscode.window.showInformationMessage(
        found.length === 0
          ? vscode.l10n.t('No supabase/config.toml or .env file with SUPABASE_URL and a key was found in this workspace.')
          : vscode.l10n.t('The projects found in this workspace are already connected.'),
      );
    }
    return [];
  }
  const connected: ConnectionMeta[] = [];
  const connect = async (p: DetectedProject) => {
    const input = (keys: DetectedProject['keys']): ConnectInput => ({
      name: p.name,
      url: p.url,
      keys,
      ...(p.schemas ? { schemas: p.schemas } : {}),
      source: detectedSource(p),
    });
    // Another detection (a file change while this one asked or validated) may have connected it.
    if (host.connections.findByUrl(p.url)) return;
    try {
      let meta: ConnectionMeta;
      try {
        meta = await connectProject(host, input(p.keys));
      } catch (e) {
        // A CLI project whose stack rejects the legacy default JWTs may accept its opaque defaults.
        if (!p.fallbackKeys || !(e instanceof UserError) || !/rejected this key/.test(e.message)) throw e;
        host.log.info(`detect: ${p.url} rejected the CLI's default JWT keys, trying its default opaque keys`);
        meta = await connectProject(host, input(p.fallbackKeys));
      }
      connected.push(meta);
    } catch (e) {
      host.log.warn(`detect: could not connect ${p.url} from ${detectedSource(p)}: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Could not connect the project found in {0}: {1}', detectedSource(p), e instanceof Error ? e.message : String(e)),
      );
    }
  };
  const dismissed = new Set(host.extension.workspaceState.get<string[]>(DISMISSED_KEY) ?? []);
  if (mode === 'auto' && host.config.autoConnectDetected) {
    // Projects the user dismissed or removed in this workspace stay away until "Detect" is run.
    const auto = fresh.filter((p) => !dismissed.has(p.url));
    host.log.info(
      `detect: autoConnectDetected is on, connecting ${auto.length} project(s)${auto.length < fresh.length ? ` (${fresh.length - auto.length} dismissed earlier)` : ''}`,
    );
    for (const p of auto) await connect(p);
  } else {
    const offer = mode === 'auto' ? fresh.filter((p) => !dismissed.has(p.url)) : fresh;
    if (offer.length === 0) return [];
    let chosen: DetectedProject[];
    if (offer.length === 1) {
      const p = offer[0];
      const yes = vscode.l10n.t('Connect');
      const never = vscode.l10n.t("Don't Ask Again");
      const answer = await vscode.window.showInformationMessage(
        vscode.l10n.t('Supabase project found in {0}: {1}. Connect it?', detectedSource(p), p.url),
        yes,
        never,
      );
      if (answer === never) {
        await host.extension.workspaceState.update(DISMISSED_KEY, [...dismissed, p.url]);
        return [];
      }
      chosen = answer === yes ? [p] : [];
    } else {
      const picks = await vscode.window.showQuickPick(
        offer.map((p) => ({ label: detectedLabel(p), description: detectedSource(p), picked: true, project: p })),
        { canPickMany: true, placeHolder: vscode.l10n.t('Supabase projects found in this workspace: choose which to connect') },
      );
      chosen = (picks ?? []).map((x) => x.project);
    }
    for (const p of chosen) await connect(p);
  }
  // The store makes the first project ever added the active one; others keep the current choice.
  if (connected.length > 0) refreshConnections(host);
  return connected;
}

export function connectionHandlers(host: HostContext) {
  return {
    [COMMANDS.connectionsAdd]: () => addProject(host),

    [COMMANDS.connectionsSwitch]: async (arg) => {
      let target: ConnectionMeta;
      const id = connectionIdOf(arg);
      if (id) target = host.connections.require(id);
      else {
        const all = host.connections.list();
        if (all.length === 0) return vscode.commands.executeCommand(COMMANDS.connectionsAdd);
        const active = host.connections.active();
        const addItem = { label: `$(add) ${vscode.l10n.t('Add Project…')}`, connection: undefined as ConnectionMeta | undefined };
        const picked = required(
          await vscode.window.showQuickPick(
            [
              ...all.map((c) => ({
                label: `${c.id === active?.id ? '$(check) ' : ''}${c.name}`,
                description: connectionDescription(c),
                connection: c as ConnectionMeta | undefined,
              })),
              addItem,
            ],
            { placeHolder: vscode.l10n.t('Switch the active Supabase project') },
          ),
        );
        if (!picked.connection) return vscode.commands.executeCommand(COMMANDS.connectionsAdd);
        target = picked.connection;
      }
      await host.connections.setActive(target.id);
      host.log.info(`active project: "${target.name}"`);
      host.tablesTree.refresh();
      await revealConnection(host, target.id);
    },

    [COMMANDS.connectionsRename]: async (arg) => {
      const c = await pickConnection(host, arg, vscode.l10n.t('Project to rename'));
      const name = required(
        await vscode.window.showInputBox({
          prompt: vscode.l10n.t('New name for "{0}"', c.name),
          value: c.name,
          validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The name cannot be empty.')),
        }),
      );
      await host.connections.rename(c.id, name);
      host.tablesTree.refresh();
    },

    [COMMANDS.connectionsRemove]: async (arg) => {
      const c = await pickConnection(host, arg, vscode.l10n.t('Project to remove'));
      const keys = Object.keys(c.keys).length;
      await confirmDestructive(
        vscode.l10n.t('Remove the project "{0}"?', c.name),
        vscode.l10n.t(
          'Its saved connection ({0}) and its {1} stored API key(s) are deleted from this machine. Nothing in the Supabase project itself changes.',
          c.url,
          keys,
        ),
        vscode.l10n.t('Remove'),
      );
      await host.connections.remove(c.id);
      if (c.source) {
        // A detected project removed here is not auto-connected again in this workspace.
        const dismissed = host.extension.workspaceState.get<string[]>(DISMISSED_KEY) ?? [];
        if (!dismissed.includes(c.url)) await host.extension.workspaceState.update(DISMISSED_KEY, [...dismissed, c.url]);
      }
      host.clients.invalidate(c.id);
      host.schemas.invalidate(c.id);
      host.log.info(`removed "${c.name}" (${c.url}) and its keys`);
      refreshConnections(host);
    },

    [COMMANDS.connectionsRefresh]: (arg) => {
      const id = connectionIdOf(arg);
      const node = arg as { kind?: string; schema?: string } | undefined;
      if (!id) {
        host.schemas.invalidate();
        host.tablesTree.refresh();
        return;
      }
      if (node?.kind === 'schema' && node.schema) {
        host.schemas.invalidate(id, node.schema);
        host.tablesTree.refresh(schemaId(id, node.schema));
        return;
      }
      host.schemas.invalidate(id);
      host.tablesTree.refresh(connectionNodeId(id));
    },

    [COMMANDS.connectionsToggleReadOnly]: async (arg) => {
      const c = await pickConnection(host, arg);
      const next = await host.connections.setReadOnly(c.id, !c.readOnly);
      host.log.info(`"${c.name}" read-only: ${next.readOnly}`);
      host.tablesTree.refresh(connectionNodeId(c.id));
      void vscode.window.showInformationMessage(
        next.readOnly
          ? vscode.l10n.t('"{0}" is now read-only: inserts, updates, deletes and POST function calls are refused.', c.name)
          : vscode.l10n.t('"{0}" is writable again.', c.name),
      );
    },

    [COMMANDS.connectionsSetKey]: async (arg) => {
      const c = await pickConnection(host, arg);
      const key = await askKey(vscode.l10n.t('Set an API key for "{0}"', c.name));
      const info = detectKey(key);
      const replacing = Boolean(c.keys[info.role]);
      const outcome = await withProgress(vscode.l10n.t('Checking the key against {0}…', c.url), ({ signal }) =>
        validateKey(host, c.url, key, signal),
      );
      if (!outcome.ok) throw new UserError(outcome.message);
      await host.connections.setKey(c.id, key);
      host.log.registerSecret(key);
      host.clients.invalidate(c.id);
      host.schemas.invalidate(c.id);
      host.log.info(`"${c.name}": ${replacing ? 'replaced' : 'added'} the ${describeKey(info)}`);
      host.tablesTree.refresh(connectionNodeId(c.id));
      void vscode.window.showInformationMessage(
        vscode.l10n.t('{0} the {1} of "{2}".', replacing ? vscode.l10n.t('Replaced') : vscode.l10n.t('Saved'), describeKey(info), c.name),
      );
    },

    [COMMANDS.connectionsSwitchRunAs]: async (arg) => {
      const c = await pickConnection(host, arg);
      const roles = (['anon', 'service_role'] as const).filter((r) => c.keys[r]);
      if (roles.length < 2) {
        throw new UserError(
          vscode.l10n.t('"{0}" has only one key, so it always runs as {1}. Add the other key with "Set API Key…".', c.name, roles[0] ?? 'anon'),
        );
      }
      const picked = required(
        await vscode.window.showQuickPick(
          roles.map((r) => ({
            label: r === 'service_role' ? vscode.l10n.t('service_role (admin, bypasses RLS)') : vscode.l10n.t('anon (row-level security applies)'),
            description: r === c.runAs ? vscode.l10n.t('current') : undefined,
            role: r,
          })),
          { placeHolder: vscode.l10n.t('Run queries on "{0}" as', c.name) },
        ),
      );
      await host.connections.setRunAs(c.id, picked.role);
      host.tablesTree.refresh(connectionNodeId(c.id));
    },

    [COMMANDS.connectionsDetect]: () => runDetection(host, 'command'),
  } satisfies Partial<Record<CommandId, CommandHandler>>;
}
