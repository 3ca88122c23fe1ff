/**
 * Node → TreeItem description. Pure (no vscode): `TreeProvider` turns an ItemSpec into a
 * `vscode.TreeItem`. Strings go through `l10n.t` (src/l10n.ts: vscode.l10n.t in the host).
 */
import { COMMANDS } from '../commands/ids';
import type { TablesNode } from './nodes';
import { nodeId, qualifiedName } from './nodes';
import type { ColumnModel } from './schemaModel';
import { format, l10n } from '../l10n';

export type { Translate } from '../l10n';

/** `{0}`-style substitution, the same contract as vscode.l10n.t without a bundle. */
export const identityT = format;

/**
 * `accessibilityLabel` always starts with the visible label (screen readers read the name first,
 * and UI tests find rows by it), followed by what the row is and its description.
 */
export interface ItemSpec {
  id: string;
  label: string;
  description?: string;
  /** Markdown text. */
  tooltip?: string;
  /** A codicon id, optionally with a theme color id. */
  icon?: { id: string; color?: string };
  collapsible: 'none' | 'collapsed' | 'expanded';
  contextValue: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  accessibilityLabel?: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Escapes text for a Markdown tooltip (names can contain anything). */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

function fkTarget(c: ColumnModel, schema: string): string | undefined {
  if (!c.foreignKey) return undefined;
  return `${c.foreignKey.schema && c.foreignKey.schema !== schema ? `${c.foreignKey.schema}.` : ''}${c.foreignKey.table}.${c.foreignKey.column}`;
}

export function columnDescription(c: ColumnModel, schema: string): string {
  const parts = [c.type];
  if (c.isPrimaryKey) parts.push(l10n.t('PK'));
  const fk = fkTarget(c, schema);
  if (fk) parts.push(`→ ${fk}`);
  if (!c.nullable && !c.isPrimaryKey) parts.push(l10n.t('not null'));
  if (c.default !== undefined) parts.push(l10n.t('default {0}', c.default));
  return parts.join(' · ');
}

export function renderNode(node: TablesNode): ItemSpec {
  const id = nodeId(node);
  switch (node.kind) {
    case 'connection': {
      const admin = node.roles.includes('service_role');
      const markers: string[] = [];
      if (node.active) markers.push(l10n.t('active'));
      if (admin) markers.push(l10n.t('admin'));
      if (node.readOnly) markers.push(l10n.t('read-only'));
      const keys = node.roles.map((r) => (r === 'service_role' ? l10n.t('service_role/secret (admin)') : l10n.t('anon/publishable')));
      const flags = [node.active ? 'active' : 'inactive', admin ? 'admin' : 'anon', node.readOnly ? 'readonly' : 'writable'];
      return {
        id,
        label: node.name,
        description: [hostOf(node.url), ...markers].join(' · '),
        tooltip: [
          `**${mdEscape(node.name)}**`,
          mdEscape(node.url),
          l10n.t('Keys: {0}', keys.join(', ')),
          l10n.t('Runs queries as: {0}', node.runAs),
          node.readOnly ? l10n.t('Read-only: writes are disabled') : '',
        ]
          .filter(Boolean)
          .join('\n\n'),
        icon: { id: admin ? 'shield' : 'database', ...(node.active ? { color: 'charts.green' } : {}) },
        collapsible: node.active ? 'expanded' : 'collapsed',
        contextValue: `connection:${flags.join(':')}`,
        accessibilityLabel: l10n.t('{0}, Supabase project, {1}', node.name, [hostOf(node.url), ...markers].join(', ')),
      };
    }
    case 'schema':
      return {
        id,
        label: node.schema,
        tooltip: l10n.t('Schema {0}', mdEscape(node.schema)),
        icon: { id: 'symbol-namespace' },
        collapsible: node.schema === 'public' ? 'expanded' : 'collapsed',
        contextValue: 'schema',
        accessibilityLabel: l10n.t('{0}, schema', node.schema),
      };
    case 'relation': {
      const r = node.relation;
      const pk = r.columns.filter((c) => c.isPrimaryKey).map((c) => c.name);
      const flags: string[] = [r.kind];
      if (!node.readOnly && r.insertable) flags.push('writable');
      if (pk.length > 0) flags.push('pk');
      const kindLabel = r.kind === 'view' ? l10n.t('view') : l10n.t('table');
      return {
        id,
        label: r.name,
        description: r.kind === 'view' ? l10n.t('view') : undefined,
        tooltip: [
          `**${mdEscape(qualifiedName(node.schema, r.name))}** (${kindLabel})`,
          r.description ? mdEscape(r.description) : '',
          l10n.t('{0} columns', r.columns.length),
          pk.length > 0 ? l10n.t('Primary key: {0}', mdEscape(pk.join(', '))) : l10n.t('No primary key'),
        ]
          .filter(Boolean)
          .join('\n\n'),
        icon: { id: r.kind === 'view' ? 'eye' : 'table' },
        collapsible: 'collapsed',
        contextValue: flags.join(':'),
        command: {
          command: COMMANDS.tablesOpenQueryBuilder,
          title: l10n.t('Open Query Builder'),
          arguments: [node],
        },
        accessibilityLabel: `${r.name}, ${kindLabel}`,
      };
    }
    case 'column': {
      const c = node.column;
      const fk = fkTarget(c, node.schema);
      const flags = ['column'];
      if (c.isPrimaryKey) flags.push('pk');
      if (fk) flags.push('fk');
      return {
        id,
        label: c.name,
        description: columnDescription(c, node.schema),
        tooltip: [
          `**${mdEscape(c.name)}** \`${mdEscape(c.type)}\``,
          c.isPrimaryKey ? l10n.t('Primary key') : '',
          fk ? l10n.t('Foreign key → {0}', mdEscape(fk)) : '',
          c.nullable ? l10n.t('Nullable') : l10n.t('Not null'),
          c.default !== undefined ? l10n.t('Default: {0}', mdEscape(c.default)) : '',
          c.description ? mdEscape(c.description) : '',
        ]
          .filter(Boolean)
          .join('\n\n'),
        icon: { id: c.isPrimaryKey ? 'key' : fk ? 'references' : 'symbol-field' },
        collapsible: 'none',
        contextValue: flags.join(':'),
        accessibilityLabel: l10n.t('{0}, column, {1}', c.name, columnDescription(c, node.schema)),
      };
    }
    case 'functions':
      return {
        id,
        label: l10n.t('Functions'),
        description: String(node.count),
        tooltip: l10n.t('Functions callable through /rest/v1/rpc ({0})', node.count),
        icon: { id: 'symbol-method' },
        collapsible: 'collapsed',
        contextValue: 'functions',
      };
    case 'function': {
      const f = node.fn;
      const signature = f.params.map((p) => `${p.name}${p.required ? '' : '?'}: ${p.type}`).join(', ');
      const flags = ['function'];
      if (!node.readOnly) flags.push('writable');
      return {
        id,
        label: f.name,
        description: `(${signature})`,
        tooltip: [`**${mdEscape(f.name)}**(${mdEscape(signature)})`, f.description ? mdEscape(f.description) : '']
          .filter(Boolean)
          .join('\n\n'),
        icon: { id: 'symbol-function' },
        collapsible: f.params.length > 0 ? 'collapsed' : 'none',
        contextValue: flags.join(':'),
        command: { command: COMMANDS.tablesOpenQueryBuilder, title: l10n.t('Open Query Builder'), arguments: [node] },
        accessibilityLabel: l10n.t('{0}, function', f.name),
      };
    }
    case 'param':
      return {
        id,
        label: node.param.name,
        description: `${node.param.type}${node.param.required ? '' : ` · ${l10n.t('optional')}`}`,
        icon: { id: 'symbol-parameter' },
        collapsible: 'none',
        contextValue: 'param',
      };
    case 'message': {
      const icons: Record<typeof node.tone, string> = {
        info: 'info',
        empty: 'circle-slash',
        warning: 'warning',
        error: 'error',
        locked: 'lock',
      };
      const flags = ['message', node.tone];
      if (node.retry) flags.push('retry');
      const command = node.action
        ? { command: node.action.command, title: node.action.title, ...(node.action.args ? { arguments: node.action.args } : {}) }
        : node.retry
          ? { command: COMMANDS.tablesRetry, title: l10n.t('Retry'), arguments: [node] }
          : undefined;
      return {
        id,
        label: node.text,
        tooltip: node.detail ? mdEscape(node.detail) : undefined,
        icon: { id: icons[node.tone], ...(node.tone === 'error' ? { color: 'errorForeground' } : {}) },
        collapsible: 'none',
        contextValue: flags.join(':'),
        ...(command ? { command } : {}),
      };
    }
  }
}
