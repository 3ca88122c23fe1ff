/**
 * Table and function commands: open the query builder, open by name, insert rows, export rows,
 * call a function, copy name / REST URL, retry a failed tree load.
 */
import { createWriteStream, promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import type { ConnectionMeta } from '../connections/ConnectionStore';
import { assertWritable } from '../connections/readOnly';
import { schemasOf } from '../trees/tables';
import type { HostContext, QueryBuilderTarget } from '../hostContext';
import type { TablesNode } from '../trees/nodes';
import { connectionId as connectionNodeId, qualifiedName } from '../trees/nodes';
import type { FunctionModel, RelationModel } from '../trees/schemaModel';
import { CancelledError, UserError, unwrap } from './errors';
import { insertTemplate, paramsTemplate, parseArgs, parseRows, stableOrder, toJsonText } from './exportFormat';
import { streamExport } from './exportStream';
import { COMMANDS, type CommandId } from './ids';
import { openUntitled, pickConnection, required } from './prompts';
import { withProgress, type CommandHandler } from './register';

export interface ResolvedTarget extends QueryBuilderTarget {
  connection: ConnectionMeta;
  relation?: RelationModel;
  fn?: FunctionModel;
}

type Want = 'relation' | 'function' | 'any';

function fromNode(host: HostContext, arg: unknown): ResolvedTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const n = arg as TablesNode;
  switch (n.kind) {
    case 'relation':
      return {
        connection: host.connections.require(n.connectionId),
        connectionId: n.connectionId,
        schema: n.schema,
        kind: n.relation.kind,
        name: n.relation.name,
        relation: n.relation,
      };
    case 'function':
      return { connection: host.connections.require(n.connectionId), connectionId: n.connectionId, schema: n.schema, kind: 'function', name: n.fn.name, fn: n.fn };
    case 'column':
      return { connection: host.connections.require(n.connectionId), connectionId: n.connectionId, schema: n.schema, kind: 'table', name: n.relationName };
    default:
      return undefined;
  }
}

async function pickSchema(host: HostContext, connection: ConnectionMeta, arg: unknown): Promise<string> {
  const n = arg as Partial<TablesNode> | undefined;
  if (n && typeof n === 'object' && 'schema' in n && typeof n.schema === 'string') return n.schema;
  const schemas = schemasOf(connection, host.config.schemas);
  if (schemas.length === 1) return schemas[0];
  return required(await vscode.window.showQuickPick(schemas, { placeHolder: vscode.l10n.t('Schema') }));
}

/** Asks for a name, then whether it is a table/view or a function. */
async function askByName(connection: ConnectionMeta, schema: string, want: Want): Promise<ResolvedTarget> {
  const name = required(
    await vscode.window.showInputBox({
      title: vscode.l10n.t('Open by name in {0} › {1}', connection.name, schema),
      prompt:
        want === 'function'
          ? vscode.l10n.t('Function name (called through /rest/v1/rpc/<name>)')
          : vscode.l10n.t('Table, view or function name'),
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
    }),
  ).trim();
  let kind: QueryBuilderTarget['kind'] = want === 'function' ? 'function' : 'table';
  if (want === 'any') {
    const picked = required(
      await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Table or view'), target: 'table' as const },
          { label: vscode.l10n.t('Function (RPC)'), target: 'function' as const },
        ],
        { placeHolder: vscode.l10n.t('What is "{0}"?', name) },
      ),
    );
    kind = picked.target;
  }
  return { connection, connectionId: connection.id, schema, kind, name };
}

/** The target of a command: the clicked node, else a pick from the cached schema, else by name. */
async function resolveTarget(host: HostContext, arg: unknown, want: Want): Promise<ResolvedTarget> {
  const direct = fromNode(host, arg);
  if (direct) {
    if (want === 'relation' && direct.kind === 'function') throw new UserError(vscode.l10n.t('"{0}" is a function, not a table.', direct.name));
    if (want === 'function' && direct.kind !== 'function') throw new UserError(vscode.l10n.t('"{0}" is not a function.', direct.name));
    return direct;
  }
  const connection = await pickConnection(host, arg);
  const schema = await pickSchema(host, connection, arg);
  const load = await host.schemas.get(connection.id, schema);
  if (!load.ok) return askByName(connection, schema, want);
  type Item = vscode.QuickPickItem & { target?: ResolvedTarget };
  const items: Item[] = [];
  if (want !== 'function') {
    for (const r of load.model.relations) {
      items.push({
        label: `$(${r.kind === 'view' ? 'eye' : 'table'}) ${r.name}`,
        description: r.kind,
        target: { connection, connectionId: connection.id, schema, kind: r.kind, name: r.name, relation: r },
      });
    }
  }
  if (want !== 'relation') {
    for (const f of load.model.functions) {
      items.push({
        label: `$(symbol-function) ${f.name}`,
        description: `(${f.params.map((p) => p.name).join(', ')})`,
        target: { connection, connectionId: connection.id, schema, kind: 'function', name: f.name, fn: f },
      });
    }
  }
  items.push({ label: `$(edit) ${vscode.l10n.t('Enter a name…')}` });
  const picked = required(await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('{0} › {1}', connection.name, schema), matchOnDescription: true }));
  return picked.target ?? askByName(connection, schema, want);
}

/** The relation's model from the cache when the target was opened by name. */
async function relationModel(host: HostContext, t: ResolvedTarget): Promise<RelationModel | undefined> {
  if (t.relation) return t.relation;
  const model = await host.schemas.peek(t.connectionId, t.schema);
  return model?.relations.find((r) => r.name === t.name);
}

function restUrl(t: ResolvedTarget): string {
  const base = `${t.connection.url}/rest/v1/`;
  return t.kind === 'function' ? `${base}rpc/${encodeURIComponent(t.name)}` : `${base}${encodeURIComponent(t.name)}`;
}

// ------------------------------------------------------------------------------ insert

/** Untitled documents waiting to be inserted, by URI. */
type PendingInserts = Map<string, ResolvedTarget>;

async function submitInsert(host: HostContext, pending: PendingInserts, t: ResolvedTarget, doc: vscode.TextDocument): Promise<void> {
  assertWritable(t.connection, vscode.l10n.t('insert rows'));
  const rows = parseRows(doc.getText());
  const label = qualifiedName(t.schema, t.name);
  const inserted = await withProgress(vscode.l10n.t('Inserting {0} row(s) into {1}…', rows.length, label), async ({ signal }) => {
    const { client, role } = await host.clients.get(t.connectionId);
    host.log.info(`insert ${rows.length} row(s) into ${label} on "${t.connection.name}" as ${role}`);
    return unwrap(await client.schema(t.schema).from(t.name).insert(rows).select<unknown[]>().losslessNumbers().abortSignal(signal));
  });
  pending.delete(doc.uri.toString());
  const count = Array.isArray(inserted) ? inserted.length : rows.length;
  await openUntitled(toJsonText(inserted ?? [], 2), 'json');
  void vscode.window.showInformationMessage(vscode.l10n.t('Inserted {0} row(s) into {1}.', count, label));
  host.tablesTree.refresh(connectionNodeId(t.connectionId));
}

async function insertRows(host: HostContext, pending: PendingInserts, arg: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!fromNode(host, arg) && editor) {
    const waiting = pending.get(editor.document.uri.toString());
    if (waiting) return submitInsert(host, pending, waiting, editor.document);
  }
  const t = await resolveTarget(host, arg, 'relation');
  assertWritable(t.connection, vscode.l10n.t('insert rows'));
  const model = await relationModel(host, t);
  const template = model ? insertTemplate(model.columns) : [{}];
  const editorDoc = (await openUntitled(JSON.stringify(template, null, 2), 'json')).document;
  pending.set(editorDoc.uri.toString(), t);
  const label = qualifiedName(t.schema, t.name);
  const insert = vscode.l10n.t('Insert');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Edit the rows to insert into {0} (a JSON object or array of objects), then choose Insert.', label),
    insert,
    vscode.l10n.t('Cancel'),
  );
  if (choice !== insert) {
    pending.delete(editorDoc.uri.toString());
    throw new CancelledError();
  }
  await submitInsert(host, pending, t, editorDoc);
}

// ------------------------------------------------------------------------------ export

interface Sink {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

function fileSink(uri: vscode.Uri): Sink {
  if (uri.scheme === 'file') {
    const stream = createWriteStream(uri.fsPath, { encoding: 'utf8' });
    const opened = new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return {
      write: async (chunk) => {
        await opened;
        if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      },
      close: () => new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve()))),
      abort: async () => {
        stream.destroy();
        await fsp.rm(uri.fsPath, { force: true });
      },
    };
  }
  const parts: string[] = [];
  return {
    write: async (chunk) => void parts.push(chunk),
    close: async () => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(parts.join(''))),
    abort: async () => void (parts.length = 0),
  };
}

async function exportRows(host: HostContext, arg: unknown): Promise<void> {
  const t = await resolveTarget(host, arg, 'relation');
  const label = qualifiedName(t.schema, t.name);
  const format = required(
    await vscode.window.showQuickPick(
      [
        { label: 'CSV', description: vscode.l10n.t('exact values, as the server writes them'), format: 'csv' as const },
        { label: 'JSON', description: vscode.l10n.t('an array of row objects'), format: 'json' as const },
      ],
      { placeHolder: vscode.l10n.t('Export {0} as', label) },
    ),
  ).format;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${t.name}.${format}`;
  const uri = required(
    await vscode.window.showSaveDialog({
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName) } : {}),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      title: vscode.l10n.t('Export {0}', label),
    }),
  );
  const cap = host.config.exportMaxRows;
  const pageSize = host.config.exportPageSize;
  const model = await relationModel(host, t);
  const order = model ? stableOrder(model.columns) : [];
  const sink = fileSink(uri);
  let written = 0;
  let result;
  try {
    result = await withProgress(vscode.l10n.t('Exporting {0}', label), async ({ report, signal }) => {
      const { client, role } = await host.clients.get(t.connectionId);
      host.log.info(`export ${label} on "${t.connection.name}" as ${role} to ${uri.toString()} (${format}, cap ${cap}, page ${pageSize})`);
      let reported = 0;
      const r = await streamExport({
        format,
        cap,
        pageSize,
        signal,
        write: (chunk) => sink.write(chunk),
        fetchPage: async (from, to, withCount) => {
          let q = client.schema(t.schema).from(t.name).select('*', withCount ? { count: 'exact' } : undefined);
          for (const col of order) q = q.order(col, { ascending: true });
          q = q.range(from, to).abortSignal(signal);
          if (format === 'csv') {
            const res = await q.csv();
            const text = unwrap(res);
            return { kind: 'csv', text: typeof text === 'string' ? text : '', count: res.count };
          }
          const res = await q.losslessNumbers();
          const rows = unwrap(res);
          return { kind: 'json', rows: Array.isArray(rows) ? rows : [], count: res.count };
        },
        onProgress: (n, total) => {
          written = n;
          const goal = total !== null ? Math.min(total, cap) : undefined;
          report(goal ? vscode.l10n.t('{0} of {1} rows', n, goal) : vscode.l10n.t('{0} rows', n), goal ? ((n - reported) / goal) * 100 : undefined);
          reported = n;
        },
      });
      await sink.close();
      return r;
    });
  } catch (e) {
    await sink.abort().catch(() => undefined);
    if (e instanceof CancelledError) {
      host.log.info(`export ${label} cancelled after ${written} rows; partial file removed`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Export cancelled after {0} rows; the partial file was removed.', written));
      return;
    }
    throw e;
  }
  written = result.written;
  const capped = result.capped;
  host.log.info(`export ${label}: ${written} rows written${capped ? ` (stopped at the cap of ${cap})` : ''}`);
  const open = vscode.l10n.t('Open File');
  const choice = await vscode.window.showInformationMessage(
    capped
      ? vscode.l10n.t('Exported {0} rows of {1} to {2}: stopped at the supabaseExplorer.export.maxRows limit.', written, label, uri.fsPath || uri.toString())
      : vscode.l10n.t('Exported {0} rows of {1} to {2}.', written, label, uri.fsPath || uri.toString()),
    open,
  );
  if (choice === open) await vscode.window.showTextDocument(uri);
}

// ------------------------------------------------------------------------------ rpc

async function callRpc(host: HostContext, arg: unknown): Promise<void> {
  const t = await resolveTarget(host, arg, 'function');
  const label = qualifiedName(t.schema, t.name);
  const fn = t.fn ?? (await host.schemas.peek(t.connectionId, t.schema))?.functions.find((f) => f.name === t.name);
  let args: Record<string, unknown> = {};
  if (!fn || fn.params.length > 0) {
    const text = required(
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Call {0}', label),
        prompt: vscode.l10n.t('Arguments as a JSON object'),
        value: JSON.stringify(fn ? paramsTemplate(fn.params) : {}),
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            parseArgs(v);
            return undefined;
          } catch (e) {
            return e instanceof Error ? e.message : String(e);
          }
        },
      }),
    );
    args = parseArgs(text);
  }
  // A read-only connection calls with GET: PostgREST runs GET calls in a read-only transaction.
  const get = t.connection.readOnly;
  const data = await withProgress(vscode.l10n.t('Calling {0}…', label), async ({ signal }) => {
    const { client, role } = await host.clients.get(t.connectionId);
    host.log.info(`rpc ${label} on "${t.connection.name}" as ${role}${get ? ' (GET, read-only)' : ''}`);
    return unwrap(await client.schema(t.schema).rpc(t.name, args, get ? { get: true } : undefined).losslessNumbers().abortSignal(signal));
  });
  await openUntitled(typeof data === 'string' ? data : toJsonText(data, 2), typeof data === 'string' ? 'plaintext' : 'json');
}

// ------------------------------------------------------------------------------ registrar

export function tablesHandlers(host: HostContext) {
  const pending: PendingInserts = new Map();
  return {
    [COMMANDS.tablesOpenQueryBuilder]: async (arg) => {
      const t = await resolveTarget(host, arg, 'any');
      const { connection: _c, relation: _r, fn: _f, ...target } = t;
      host.log.info(`open query builder on ${t.kind} ${qualifiedName(t.schema, t.name)} of "${t.connection.name}"`);
      await host.panels.openQueryBuilder(target);
    },

    [COMMANDS.tablesOpenByName]: async (arg) => {
      const connection = await pickConnection(host, arg);
      const schema = await pickSchema(host, connection, arg);
      const { connection: _c, ...target } = await askByName(connection, schema, 'any');
      await host.panels.openQueryBuilder(target);
    },

    [COMMANDS.tablesInsertRows]: (arg) => insertRows(host, pending, arg),
    [COMMANDS.tablesExportRows]: (arg) => exportRows(host, arg),
    [COMMANDS.tablesCallRpc]: (arg) => callRpc(host, arg),

    [COMMANDS.tablesCopyTableName]: async (arg) => {
      const n = arg as TablesNode | undefined;
      let text: string;
      if (n && n.kind === 'column') text = n.column.name;
      else {
        const t = await resolveTarget(host, arg, 'any');
        text = qualifiedName(t.schema, t.name);
      }
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
    },

    [COMMANDS.tablesCopyRestUrl]: async (arg) => {
      const t = await resolveTarget(host, arg, 'any');
      const url = restUrl(t);
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', url), 3000);
    },

    [COMMANDS.tablesRetry]: (arg) => {
      const n = arg as TablesNode | undefined;
      if (!n || n.kind !== 'message') {
        host.schemas.invalidate();
        host.tablesTree.refresh();
        return;
      }
      if (n.connectionId) host.schemas.invalidate(n.connectionId);
      else host.schemas.invalidate();
      host.tablesTree.refresh(n.parentId);
    },
  } satisfies Partial<Record<CommandId, CommandHandler>>;
}
