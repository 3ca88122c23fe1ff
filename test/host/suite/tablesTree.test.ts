// The Tables tree provider, called directly in the extension host: connection → schema → tables →
// columns of the project detected from the workspace's .env (the local stack with sample data).
import assert from 'node:assert/strict';
import { envValue, explorerApi, readWorkspaceFile, waitFor, type ExplorerApi, type HostTreeNode } from './api';

describe('extension host: Tables tree provider', function () {
  let api: ExplorerApi;
  let connectionNode: HostTreeNode;

  before(async function () {
    const env = await readWorkspaceFile('.env');
    const url = env ? envValue(env, 'SUPABASE_URL') : undefined;
    assert.ok(url, 'the test workspace has no SUPABASE_URL');
    api = await explorerApi();
    const id = await waitFor('the .env project', () => api.host.connections.list().find((c) => c.url === url)?.id);
    connectionNode = await waitFor('its tree node', async () =>
      (await api.host.tablesTree.getChildren()).find((n) => n.kind === 'connection' && n.connectionId === id),
    );
  });

  it('lists the exposed schema under the connection', async function () {
    const children = await api.host.tablesTree.getChildren(connectionNode);
    assert.deepEqual(
      children.filter((n) => n.kind === 'schema').map((n) => n.schema),
      ['public'],
    );
  });

  it('lists the sample tables and their columns', async function () {
    const [schema] = (await api.host.tablesTree.getChildren(connectionNode)).filter((n) => n.kind === 'schema');
    const relations = await api.host.tablesTree.getChildren(schema);
    const messages = relations.filter((n) => n.kind === 'message').map((n) => n.text);
    assert.deepEqual(messages, [], 'the schema shows messages instead of tables');
    const names = relations.filter((n) => n.kind === 'relation').map((n) => n.relation?.name);
    assert.ok(names.includes('planets'), `tables: ${names.join(', ')}`);
    const planets = relations.find((n) => n.kind === 'relation' && n.relation?.name === 'planets');
    assert.ok(planets);
    const columns = (await api.host.tablesTree.getChildren(planets)).filter((n) => n.kind === 'column').map((n) => n.column?.name);
    assert.ok(columns.includes('id') && columns.includes('name'), `planets columns: ${columns.join(', ')}`);
  });
});
