import assert from 'node:assert/strict';
import { insertTemplate, paramsTemplate, parseArgs, parseRows, placeholderFor, splitCsv, stableOrder, toJsonText } from '../../../src/commands/exportFormat';
import { UserError } from '../../../src/commands/errors';
import { assertChainAllowed, chainWriteKind, ReadOnlyError } from '../../../src/connections/readOnly';
import type { ChainDescription } from '../../../src/core/database/chain';

describe('host/exportFormat', () => {
  it('splits PostgREST CSV pages into header and records, quotes aware', () => {
    assert.deepEqual(splitCsv('id,name\n1,"a\nb"\n2,"x,""y"""'), { header: 'id,name', body: '1,"a\nb"\n2,"x,""y"""\n', records: 2 });
    assert.deepEqual(splitCsv('id,name\r\n1,a\r\n'), { header: 'id,name', body: '1,a\r\n', records: 1 });
    assert.deepEqual(splitCsv('id,name'), { header: 'id,name', body: '', records: 0 });
    assert.deepEqual(splitCsv(''), { header: '', body: '', records: 0 });
    assert.deepEqual(splitCsv('"we\nird",b\n1,2\n'), { header: '"we\nird",b', body: '1,2\n', records: 1 });
  });

  it('orders exports by the primary key', () => {
    assert.deepEqual(
      stableOrder([
        { name: 'a', type: 'int', nullable: false, isPrimaryKey: true },
        { name: 'b', type: 'int', nullable: false, isPrimaryKey: false },
        { name: 'c', type: 'int', nullable: false, isPrimaryKey: true },
      ]),
      ['a', 'c'],
    );
  });

  it('builds editable templates for inserts and calls', () => {
    assert.deepEqual(
      insertTemplate([
        { name: 'id', type: 'bigint', nullable: false, isPrimaryKey: true, default: 'nextval()' },
        { name: 'note', type: 'text', nullable: true, isPrimaryKey: false },
        { name: 'qty', type: 'integer', nullable: false, isPrimaryKey: false },
        { name: 'tags', type: 'text[]', nullable: false, isPrimaryKey: false },
      ]),
      [{ qty: 0, tags: [], note: null }],
    );
    assert.deepEqual(paramsTemplate([{ name: 'a', type: 'boolean', required: true }, { name: 'b', type: 'jsonb', required: false }]), { a: false, b: null });
    assert.deepEqual(placeholderFor('jsonb'), {});
    assert.equal(placeholderFor('timestamp with time zone'), '');
  });

  it('parses rows and args with clear errors', () => {
    assert.deepEqual(parseRows('{"a":1}'), [{ a: 1 }]);
    assert.deepEqual(parseRows('[{"a":1},{"a":2}]'), [{ a: 1 }, { a: 2 }]);
    assert.throws(() => parseRows('[]'), /no rows/);
    assert.throws(() => parseRows('[1]'), /Row 1 is not a JSON object/);
    assert.throws(() => parseRows('{'), (e: unknown) => e instanceof UserError && /not valid JSON/.test(e.message));
    assert.deepEqual(parseArgs('  '), {});
    assert.throws(() => parseArgs('[1]'), /must be a JSON object/);
  });
});

describe('host/readOnly', () => {
  const chain = (over: Partial<ChainDescription>): ChainDescription => ({ v: 1, target: { kind: 'table', name: 't' }, steps: [], ...over });

  it('finds writes in a chain: insert/upsert/update/delete and POST rpc', () => {
    assert.equal(chainWriteKind(chain({})), undefined);
    assert.equal(chainWriteKind(chain({ action: { kind: 'select' } })), undefined);
    assert.equal(chainWriteKind(chain({ action: { kind: 'delete' } })), 'delete');
    assert.equal(chainWriteKind(chain({ action: { kind: 'update', values: { a: 1 } } })), 'update');
    assert.equal(chainWriteKind(chain({ target: { kind: 'rpc', fn: 'f' } })), 'call a function with POST');
    assert.equal(chainWriteKind(chain({ target: { kind: 'rpc', fn: 'f', get: true } })), undefined);
  });

  it('refuses writes on read-only connections only', () => {
    const del = chain({ action: { kind: 'delete' } });
    assert.throws(() => assertChainAllowed({ name: 'Prod', readOnly: true }, del), (e: unknown) => e instanceof ReadOnlyError && /"Prod" is in read-only mode, so it cannot delete/.test(e.message));
    assertChainAllowed({ name: 'Prod', readOnly: false }, del);
    assertChainAllowed({ name: 'Prod', readOnly: true }, chain({}));
  });
});

describe('host/exportFormat toJsonText()', () => {
  const big = { isLosslessNumber: true, value: '9007199254740993', toJSON: () => '9007199254740993' };

  it('writes the core\'s lossless numbers as exact numbers, the rest like JSON.stringify', () => {
    assert.equal(toJsonText([{ id: big, n: 1.5, s: 'x"y', a: [true, null], o: {} }]), '[{"id":9007199254740993,"n":1.5,"s":"x\\"y","a":[true,null],"o":{}}]');
    assert.equal(toJsonText({ a: undefined, b: 1 }), '{"b":1}');
    assert.equal(toJsonText({ d: new Date(0) }), '{"d":"1970-01-01T00:00:00.000Z"}');
  });

  it('indents like JSON.stringify(v, null, 2)', () => {
    const v = { a: [1, { b: 'c' }], e: [] as unknown[], f: {} };
    assert.equal(toJsonText(v, 2), JSON.stringify(v, null, 2));
    assert.equal(toJsonText({ id: big }, 2), '{\n  "id": 9007199254740993\n}');
  });

  it('quotes a lossless value that is not number text', () => {
    assert.equal(toJsonText({ isLosslessNumber: true, value: 'NaN' }), '"NaN"');
  });
});
