import assert from 'node:assert/strict';
import { COMMANDS } from '../../../src/commands/ids';
import { nodeId, parentIdOf, type TablesNode } from '../../../src/trees/nodes';
import { setTranslator } from '../../../src/l10n';
import { columnDescription, identityT, mdEscape, renderNode } from '../../../src/trees/render';
import type { RelationModel } from '../../../src/trees/schemaModel';

const cities: RelationModel = {
  name: 'cities',
  kind: 'table',
  insertable: true,
  columns: [
    { name: 'id', type: 'bigint', nullable: false, isPrimaryKey: true, default: 'nextval(\'cities_id_seq\'::regclass)' },
    { name: 'name', type: 'text', nullable: false, isPrimaryKey: false },
    { name: 'country_id', type: 'integer', nullable: true, isPrimaryKey: false, foreignKey: { table: 'countries', column: 'id' } },
  ],
};

const conn: TablesNode = {
  kind: 'connection',
  connectionId: 'c1',
  name: 'Local',
  url: 'http://127.0.0.1:54321',
  roles: ['anon', 'service_role'],
  readOnly: true,
  active: true,
  runAs: 'anon',
};

describe('host/trees nodes', () => {
  it('ids are stable paths, escaped, and parents chain up to the connection', () => {
    const rel: TablesNode = { kind: 'relation', connectionId: 'c1', schema: 'my schema', relation: cities, readOnly: false };
    const col: TablesNode = { kind: 'column', connectionId: 'c1', schema: 'my schema', relationName: 'cities', column: cities.columns[2] };
    assert.equal(nodeId(rel), 'c/c1/s/my%20schema/r/cities');
    assert.equal(nodeId(col), 'c/c1/s/my%20schema/r/cities/col/country_id');
    assert.equal(parentIdOf(col), nodeId(rel));
    assert.equal(parentIdOf(rel), 'c/c1/s/my%20schema');
    assert.equal(parentIdOf({ kind: 'schema', connectionId: 'c1', schema: 'my schema' }), nodeId(conn));
    assert.equal(parentIdOf(conn), undefined);
    const fn: TablesNode = { kind: 'function', connectionId: 'c1', schema: 'public', fn: { name: 'a/b', params: [] }, readOnly: false };
    assert.equal(nodeId(fn), 'c/c1/s/public/fns/f/a%2Fb');
    const param: TablesNode = { kind: 'param', connectionId: 'c1', schema: 'public', functionName: 'a/b', param: { name: 'x', type: 'int', required: true } };
    assert.equal(parentIdOf(param), nodeId(fn));
    const msg: TablesNode = { kind: 'message', parentId: nodeId(rel), key: 'error', tone: 'error', text: 'x' };
    assert.equal(nodeId(msg), `${nodeId(rel)}/msg/error`);
    assert.equal(parentIdOf(msg), nodeId(rel));
    // same data, same id (a refresh keeps expansion state)
    assert.equal(nodeId({ ...rel, relation: { ...cities } }), nodeId(rel));
  });
});

describe('host/trees render', () => {
  it('renders a connection with admin, read-only and active markers', () => {
    const item = renderNode(conn);
    assert.equal(item.label, 'Local');
    assert.equal(item.description, '127.0.0.1:54321 · active · admin · read-only');
    assert.equal(item.contextValue, 'connection:active:admin:readonly');
    assert.deepEqual(item.icon, { id: 'shield', color: 'charts.green' });
    assert.equal(item.collapsible, 'expanded');
    const anonOnly = renderNode({ ...conn, roles: ['anon'], readOnly: false, active: false });
    assert.equal(anonOnly.description, '127.0.0.1:54321');
    assert.equal(anonOnly.contextValue, 'connection:inactive:anon:writable');
    assert.deepEqual(anonOnly.icon, { id: 'database' });
  });

  it('renders tables with flags and a click that opens the query builder', () => {
    const node: TablesNode = { kind: 'relation', connectionId: 'c1', schema: 'public', relation: cities, readOnly: false };
    const item = renderNode(node);
    assert.equal(item.contextValue, 'table:writable:pk');
    assert.equal(item.icon?.id, 'table');
    assert.equal(item.command?.command, COMMANDS.tablesOpenQueryBuilder);
    assert.deepEqual(item.command?.arguments, [node]);
    assert.match(item.tooltip ?? '', /Primary key: id/);
    const ro = renderNode({ ...node, readOnly: true, relation: { ...cities, kind: 'view', columns: [] } });
    assert.equal(ro.contextValue, 'view');
    assert.equal(ro.description, 'view');
  });

  it('renders columns with type, PK/FK markers, nullability, default and the FK target', () => {
    const r = (i: number) => renderNode({ kind: 'column', connectionId: 'c1', schema: 'public', relationName: 'cities', column: cities.columns[i] });
    assert.equal(r(0).description, "bigint · PK · default nextval('cities_id_seq'::regclass)");
    assert.equal(r(0).icon?.id, 'key');
    assert.equal(r(0).contextValue, 'column:pk');
    assert.equal(r(1).description, 'text · not null');
    assert.equal(r(2).description, 'integer · → countries.id');
    assert.equal(r(2).icon?.id, 'references');
    assert.match(r(2).tooltip ?? '', /Foreign key → countries\\\.id/);
    assert.equal(
      columnDescription({ name: 'o', type: 'uuid', nullable: true, isPrimaryKey: false, foreignKey: { schema: 'auth', table: 'users', column: 'id' } }, 'public'),
      'uuid · → auth.users.id',
    );
  });

  it('renders functions with their signature and parameters', () => {
    const fn = renderNode({
      kind: 'function',
      connectionId: 'c1',
      schema: 'public',
      fn: { name: 'add', params: [{ name: 'a', type: 'integer', required: true }, { name: 'b', type: 'integer', required: false }] },
      readOnly: false,
    });
    assert.equal(fn.description, '(a: integer, b?: integer)');
    assert.equal(fn.contextValue, 'function:writable');
    assert.equal(fn.collapsible, 'collapsed');
    const p = renderNode({ kind: 'param', connectionId: 'c1', schema: 'public', functionName: 'add', param: { name: 'b', type: 'integer', required: false } });
    assert.equal(p.description, 'integer · optional');
  });

  it('renders messages: retry runs the retry command, actions run theirs', () => {
    const err = renderNode({ kind: 'message', parentId: 'c/c1/s/public', key: 'error', tone: 'error', text: 'Could not load', retry: true, detail: 'x_y' });
    assert.equal(err.contextValue, 'message:error:retry');
    assert.equal(err.command?.command, COMMANDS.tablesRetry);
    assert.equal(err.tooltip, 'x\\_y');
    const act = renderNode({
      kind: 'message',
      parentId: 'p',
      key: 'k',
      tone: 'locked',
      text: 'Listing tables needs the secret (service_role) key',
      action: { command: COMMANDS.connectionsSetKey, title: 'Set', args: [1] },
    });
    assert.deepEqual(act.command, { command: COMMANDS.connectionsSetKey, title: 'Set', arguments: [1] });
    assert.equal(act.icon?.id, 'lock');
  });

  it('escapes markdown in tooltips and translates through the installed translator', () => {
    assert.equal(mdEscape('a*b_[c](d)<script>'), 'a\\*b\\_\\[c\\]\\(d\\)\\<script\\>');
    assert.equal(identityT('{0} of {1}', 3, 'x'), '3 of x');
    setTranslator((m, ...a) => identityT(m, ...a).toUpperCase());
    try {
      const upper = renderNode({ kind: 'functions', connectionId: 'c1', schema: 'public', count: 2 });
      assert.equal(upper.label, 'FUNCTIONS');
      assert.equal(upper.tooltip, 'FUNCTIONS CALLABLE THROUGH /REST/V1/RPC (2)');
    } finally {
      setTranslator(undefined);
    }
  });
});

describe('host/trees accessible names', () => {
  it('every item\'s accessible name starts with its label', () => {
    const nodes: TablesNode[] = [
      conn,
      { kind: 'schema', connectionId: 'c1', schema: 'public' },
      { kind: 'relation', connectionId: 'c1', schema: 'public', relation: cities, readOnly: false },
      { kind: 'column', connectionId: 'c1', schema: 'public', relationName: 'cities', column: cities.columns[0] },
      { kind: 'functions', connectionId: 'c1', schema: 'public', count: 1 },
      { kind: 'function', connectionId: 'c1', schema: 'public', fn: { name: 'add', params: [] }, readOnly: false },
      { kind: 'param', connectionId: 'c1', schema: 'public', functionName: 'add', param: { name: 'a', type: 'int', required: true } },
      { kind: 'message', parentId: 'p', key: 'k', tone: 'info', text: 'Hello' },
    ];
    for (const n of nodes) {
      const item = renderNode(n);
      const name = item.accessibilityLabel ?? item.label;
      assert.ok(name === item.label || name.startsWith(`${item.label},`), `${n.kind}: "${name}"`);
    }
  });
});
