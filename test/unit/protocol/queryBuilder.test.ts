import { strict as assert } from 'node:assert';
import type { ChainDescription } from '../../../src/core/database/chain';
import { chainDescription, checkChainSemantics } from '../../../src/protocol/chainSchema';
import { serializeError } from '../../../src/protocol/envelope';
import { parseQueryBuilderToHost, queryBuilderState, salvageRequestId } from '../../../src/protocol/queryBuilder';

const select: ChainDescription = {
  v: 1,
  target: { kind: 'table', name: 'countries' },
  action: { kind: 'select', columns: 'id,name,cities(*)', count: 'exact' },
  steps: [
    { kind: 'filter', op: 'eq', column: 'id', value: 1 },
    { kind: 'filter', op: 'in', column: 'name', values: ['a', 'b,c'] },
    { kind: 'filter', op: 'textSearch', column: 'fts', query: "'a' & 'b'", config: 'english', type: 'websearch' },
    { kind: 'filter', op: 'contains', column: 'tags', value: ['x'] },
    { kind: 'filter', op: 'rangeGt', column: 'r', range: '[1,2)' },
    { kind: 'filter', op: 'likeAnyOf', column: 'name', patterns: ['%a%'] },
    { kind: 'filter', op: 'not', column: 'id', operator: 'in', value: '(1,2)' },
    { kind: 'filter', op: 'or', filters: 'id.eq.1,id.eq.2', referencedTable: 'cities' },
    { kind: 'filter', op: 'match', query: { a: 1 } },
    { kind: 'filter', op: 'filter', column: 'x', operator: 'not.is', value: null },
    { kind: 'order', column: 'name', ascending: false, nullsFirst: true, referencedTable: 'cities' },
    { kind: 'limit', count: 10 },
    { kind: 'range', from: 0, to: 9, referencedTable: 'cities' },
    { kind: 'explain', analyze: true, format: 'json' },
  ],
};

function msg(extra: Record<string, unknown>): unknown {
  return { id: 'r1', ...extra };
}

describe('protocol/queryBuilder messages', () => {
  it('accepts every valid webview → host message', () => {
    const valid: unknown[] = [
      { type: 'ready', v: 1 },
      msg({ type: 'loadColumns' }),
      msg({ type: 'run', chain: select, runAs: 'anon', page: { from: 0, size: 1000 } }),
      msg({ type: 'run', chain: select, runAs: 'service_role' }),
      msg({ type: 'count', chain: select }),
      msg({ type: 'applyEdits', edits: [{ key: 'k', pk: { id: '9007199254740993' }, values: { name: 'x' } }] }),
      { type: 'cancel', id: 'r1' },
      msg({ type: 'copyAsCode', chain: select, lang: 'curl' }),
      msg({ type: 'openJson', title: 't', text: '{"id":9007199254740993}' }),
      msg({ type: 'export', chain: select, runAs: 'anon', format: 'csv' }),
    ];
    for (const m of valid) {
      const r = parseQueryBuilderToHost(m);
      assert.ok(r.ok, `${JSON.stringify(m).slice(0, 80)} → ${r.ok ? '' : JSON.stringify(r.issues)}`);
    }
  });

  it('rejects invalid and hostile messages without throwing', () => {
    const huge = 'x'.repeat(200);
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'run',
      [],
      {},
      { type: 'eval', id: 'r1' },
      { type: '__proto__', id: 'r1' },
      { type: 'constructor', id: 'r1' },
      { type: 'ready' },
      { type: 'ready', v: 2 },
      msg({ type: 'loadColumns', extra: 1 }),
      { type: 'loadColumns', id: '' },
      { type: 'loadColumns', id: 'a b' },
      { type: 'loadColumns', id: huge },
      msg({ type: 'run', chain: select, runAs: 'postgres' }),
      msg({ type: 'run', chain: select, runAs: 'user' }),
      msg({ type: 'run', chain: { ...select, v: 2 }, runAs: 'anon' }),
      msg({ type: 'run', chain: select, runAs: 'anon', page: { from: -1, size: 10 } }),
      msg({ type: 'run', chain: select, runAs: 'anon', page: { from: 0, size: 0 } }),
      msg({ type: 'run', chain: { ...select, steps: [{ kind: 'filter', op: 'eval', column: 'a', value: 1 }] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { ...select, steps: [{ kind: 'setHeader', name: 'X', value: 'a\r\nInjected: 1' }] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { ...select, steps: [{ kind: 'setHeader', name: 'Bad Name', value: 'a' }] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { ...select, steps: [{ kind: 'limit', count: -1 }] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { ...select, steps: [{ kind: 'range', from: 5, to: 1 }] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { ...select, target: { kind: 'table', name: '' } }, runAs: 'anon' }),
      msg({ type: 'run', chain: { ...select, action: { kind: 'drop' } }, runAs: 'anon' }),
      msg({ type: 'run', chain: JSON.parse('{"v":1,"target":{"kind":"table","name":"t"},"action":{"kind":"select"},"steps":[],"__proto__":{"x":1}}'), runAs: 'anon' }),
      msg({ type: 'count', chain: { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'delete' }, steps: [] } }),
      msg({ type: 'run', chain: { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'update', values: { a: 1 } }, steps: [{ kind: 'order', column: 'a' }] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'insert', values: [1, 2] }, steps: [] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { v: 1, target: { kind: 'rpc', fn: 'f' }, action: { kind: 'select' }, steps: [] }, runAs: 'anon' }),
      msg({ type: 'applyEdits', edits: [] }),
      msg({ type: 'applyEdits', edits: [{ key: 'k', pk: { id: { $gt: 1 } }, values: {} }] }),
      msg({ type: 'copyAsCode', chain: select, lang: 'php' }),
      msg({ type: 'openJson', title: 't', text: 5 }),
      msg({ type: 'export', chain: select, runAs: 'anon', format: 'xlsx' }),
      msg({ type: 'run', chain: { ...select, steps: [{ kind: 'filter', op: 'eq', column: 'a', value: NaN }] }, runAs: 'anon' }),
      msg({ type: 'run', chain: { ...select, steps: [{ kind: 'filter', op: 'eq', column: 'a', value: () => 1 }] }, runAs: 'anon' }),
    ];
    for (const m of bad) {
      let r;
      assert.doesNotThrow(() => (r = parseQueryBuilderToHost(m)));
      assert.equal(r!.ok, false, `should reject ${JSON.stringify(m)?.slice(0, 120)}`);
    }
  });

  it('does not pollute prototypes when validating', () => {
    parseQueryBuilderToHost(JSON.parse('{"type":"applyEdits","id":"a","edits":[{"key":"k","pk":{"__proto__":{"polluted":1}},"values":{}}]}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('salvages a usable request id to answer invalid messages', () => {
    assert.equal(salvageRequestId({ type: 'nope', id: 'abc' }), 'abc');
    assert.equal(salvageRequestId({ type: 'nope', id: 'a b' }), undefined);
    assert.equal(salvageRequestId(null), undefined);
  });

  it('refuses update/delete without a filter', () => {
    const del: ChainDescription = { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'delete' }, steps: [] };
    assert.match(checkChainSemantics(del)!, /without a filter/);
    assert.equal(chainDescription.parse({ ...del, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: 1 }] }).ok, true);
  });

  it('validates the saved panel state', () => {
    const target = { connectionId: 'c1', schema: 'public', kind: 'table', name: 'countries' };
    assert.equal(queryBuilderState.parse({ v: 1, target, chain: select, ui: { builder: { a: [1] } } }).ok, true);
    assert.equal(queryBuilderState.parse({ v: 1, target: { ...target, kind: 'schema' } }).ok, false);
  });

  it('serializes errors of every shape into plain data', () => {
    const pg = { name: 'PostgrestError', message: 'duplicate key', code: '23505', details: 'Key (id)=(1) exists.', hint: null, status: 409 };
    assert.deepEqual(serializeError(pg), pg);
    const e = serializeError(new TypeError('boom'));
    assert.equal(e.name, 'TypeError');
    assert.equal(e.message, 'boom');
    assert.deepEqual(serializeError('plain'), { name: 'Error', message: 'plain' });
    const circular: Record<string, unknown> = { message: 'm' };
    circular.details = circular;
    assert.equal(serializeError(circular).details, null);
  });
});
