import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseColumnDescription, parseOpenApi } from '../../../../src/core/database/openapi';

const ref = (n: string) => ({ $ref: `#/parameters/${n}` });

/** A hand-written PostgREST-style document (protocol notes §4 fragment plus a view and functions). */
function sampleDoc(): Record<string, unknown> {
  return {
    swagger: '2.0',
    info: { title: 'standard public schema', description: '', version: '14.1' },
    definitions: {
      todos: {
        type: 'object',
        required: ['id', 'task'],
        properties: {
          id: { type: 'integer', format: 'bigint', description: 'Note:\nThis is a Primary Key.<pk/>' },
          task: { type: 'string', format: 'text', default: 'nothing', maxLength: 200 },
          user_id: { type: 'string', format: 'uuid', description: "Note:\nThis is a Foreign Key to `users.id`.<fk table='users' column='id'/>" },
          status: { type: 'string', format: 'todo_status', enum: ['open', 'done'] },
          tags: { type: 'array', format: 'text[]', items: { type: 'string' } },
          meta: { format: 'jsonb' },
        },
      },
      todo_report: {
        type: 'object',
        description: 'Counts per user',
        properties: { user_id: { type: 'string', format: 'uuid' }, n: { type: 'integer', format: 'bigint' } },
      },
    },
    paths: {
      '/': { get: { tags: ['Introspection'] } },
      '/todos': {
        get: { tags: ['todos'], parameters: [ref('rowFilter.todos.id'), ref('select')] },
        post: { tags: ['todos'], parameters: [ref('body.todos')] },
        patch: { tags: ['todos'] },
        delete: { tags: ['todos'] },
      },
      '/todo_report': { get: { tags: ['todo_report'], summary: 'Counts per user' } },
      '/rpc/add': {
        get: {
          summary: 'Adds',
          parameters: [
            { name: 'a', required: true, in: 'query', type: 'integer', format: 'integer' },
            { name: 'b', required: false, in: 'query', type: 'integer', format: 'integer' },
          ],
        },
        post: {
          summary: 'Adds',
          description: 'two numbers',
          parameters: [
            {
              name: 'args',
              in: 'body',
              required: true,
              schema: {
                type: 'object',
                description: 'Adds\ntwo numbers',
                properties: { a: { type: 'integer', format: 'integer' }, b: { type: 'integer', format: 'integer' } },
                required: ['a'],
              },
            },
            ref('preferParams'),
          ],
        },
      },
      '/rpc/sum_all': {
        get: { parameters: [{ name: 'nums', required: true, in: 'query', type: 'array', items: { type: 'integer', format: 'integer' }, collectionFormat: 'multi' }] },
      },
      '/rpc/reset': { post: { parameters: [{ name: 'args', in: 'body', schema: { type: 'object' } }] } },
    },
  };
}

describe('parseOpenApi', () => {
  it('reads a document produced by the stack (snapshot of the integration fixture)', () => {
    // Written by test/integration/rest/openapi.test.ts, which checks it against a fresh document.
    const doc: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'postgrestOpenApi.json'), 'utf8'));
    const r = parseOpenApi(doc);
    assert.deepEqual(r.issues, []);
    assert.equal(r.title, 'Explorer fixtures');
    assert.deepEqual(r.tables.map((t) => t.name), ['big_cities', 'cities', 'countries', 'memberships']);
    assert.deepEqual(r.views.map((t) => t.name), ['city_names', 'country_stats', 'nested']);
    const cities = r.tables.find((t) => t.name === 'cities')!;
    const col = (n: string) => cities.columns.find((c) => c.name === n)!;
    assert.deepEqual(
      cities.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'integer'],
        ['country_id', 'bigint'],
        ['name', 'text'],
        ['tags', 'text[]'],
        ['meta', 'jsonb'],
        ['mood', 'oa_fixture.mood'],
        ['score', 'numeric'],
        ['active', 'boolean'],
        ['population', 'integer'],
        ['founded', 'date'],
        ['code', 'character'],
      ],
    );
    assert.deepEqual(col('country_id').foreignKey, { table: 'countries', column: 'id' });
    assert.equal(col('population').nullable, false);
    assert.equal(col('name').default, 'unnamed');
    assert.equal(col('meta').hasDefault, false);
    assert.equal(col('code').maxLength, 3);
    assert.deepEqual(r.views.find((v) => v.name === 'city_names')!.primaryKey, ['city_id', 'id']);
    const countries = r.tables.find((t) => t.name === 'countries')!;
    assert.equal(countries.columns[0]!.comment, 'Row id');
    assert.equal(countries.columns[1]!.comment, 'English name');
    assert.deepEqual(
      r.functions.map((f) => [f.name, f.volatile, f.params.map((p) => `${p.name}:${p.type}${p.required ? '' : '?'}${p.variadic ? '...' : ''}`)]),
      [
        ['add', false, ['a:integer', 'b:integer?']],
        ['cities_of', false, ['country:bigint']],
        ['echo', false, [':jsonb']],
        ['pair', false, ['y:integer']],
        ['sum_all', false, ['nums:integer[]...']],
        ['touch', true, ['ids:integer[]', 'note:text?']],
      ],
    );
  });

  it('reads tables with columns, keys, enums, defaults and lengths', () => {
    const r = parseOpenApi(sampleDoc());
    assert.deepEqual(r.issues, []);
    assert.equal(r.title, 'standard public schema');
    assert.equal(r.version, '14.1');
    assert.deepEqual(r.tables.map((t) => t.name), ['todos']);
    const todos = r.tables[0]!;
    assert.equal(todos.kind, 'table');
    assert.deepEqual(todos.operations, { select: true, insert: true, update: true, delete: true });
    assert.deepEqual(todos.primaryKey, ['id']);
    assert.deepEqual(todos.columns.map((c) => [c.name, c.type, c.nullable]), [
      ['id', 'bigint', false],
      ['task', 'text', false],
      ['user_id', 'uuid', true],
      ['status', 'todo_status', true],
      ['tags', 'text[]', true],
      ['meta', 'jsonb', true],
    ]);
    const [id, task, user, status, tags, meta] = todos.columns;
    assert.equal(id!.isPrimaryKey, true);
    assert.equal(id!.comment, undefined);
    assert.equal(task!.default, 'nothing');
    assert.equal(task!.hasDefault, true);
    assert.equal(task!.maxLength, 200);
    assert.deepEqual(user!.foreignKey, { table: 'users', column: 'id' });
    assert.equal(user!.isPrimaryKey, false);
    assert.deepEqual(status!.enumValues, ['open', 'done']);
    assert.equal(tags!.swaggerType, 'array');
    assert.equal(tags!.itemType, 'string');
    assert.equal(meta!.swaggerType, undefined);
    assert.equal(meta!.hasDefault, false);
  });

  it('takes a relation offering only reads as a view', () => {
    const r = parseOpenApi(sampleDoc());
    assert.deepEqual(r.views.map((v) => [v.name, v.kind, v.comment]), [['todo_report', 'view', 'Counts per user']]);
    assert.deepEqual(r.views[0]!.operations, { select: true, insert: false, update: false, delete: false });
  });

  it('reads functions from the POST args schema, variadic from GET, volatility from the methods', () => {
    const r = parseOpenApi(sampleDoc());
    assert.deepEqual(r.functions.map((f) => f.name), ['add', 'reset', 'sum_all']);
    const [add, reset, sumAll] = r.functions;
    assert.deepEqual(add, {
      name: 'add',
      comment: 'Adds\ntwo numbers',
      volatile: false,
      params: [
        { name: 'a', type: 'integer', required: true, variadic: false },
        { name: 'b', type: 'integer', required: false, variadic: false },
      ],
    });
    assert.deepEqual(reset, { name: 'reset', volatile: true, params: [] });
    assert.deepEqual(sumAll!.params, [{ name: 'nums', type: 'integer[]', required: true, variadic: true }]);
    assert.equal(sumAll!.volatile, false);
    assert.equal(sumAll!.returnsSet, undefined, 'PostgREST does not describe results');
  });

  it('derives returnsSet only from a 200 response schema', () => {
    const doc = { swagger: '2.0', paths: { '/rpc/f': { post: { responses: { '200': { schema: { type: 'array' } } } } }, '/rpc/g': { post: { responses: { '200': { schema: { type: 'object' } } } } } } };
    const r = parseOpenApi(doc);
    assert.equal(r.functions[0]!.returnsSet, true);
    assert.equal(r.functions[1]!.returnsSet, false);
  });

  it('maps v14.10 integer formats back to PostgreSQL names', () => {
    const doc = sampleDoc();
    const props = (doc.definitions as any).todos.properties; // eslint-disable-line @typescript-eslint/no-explicit-any
    props.id.format = 'int64';
    props.small = { type: 'integer', format: 'int32' };
    props.nofmt = { type: 'number' };
    props.nothing = {};
    const cols = parseOpenApi(doc).tables[0]!.columns;
    assert.equal(cols.find((c) => c.name === 'id')!.type, 'bigint');
    assert.equal(cols.find((c) => c.name === 'small')!.type, 'integer');
    assert.equal(cols.find((c) => c.name === 'nofmt')!.type, 'number');
    assert.equal(cols.find((c) => c.name === 'nothing')!.type, 'unknown');
  });

  it('splits column comments from key notes', () => {
    assert.deepEqual(parseColumnDescription(undefined), { isPrimaryKey: false });
    assert.deepEqual(parseColumnDescription('Just a comment'), { comment: 'Just a comment', isPrimaryKey: false });
    assert.deepEqual(parseColumnDescription('Row id\n\nNote:\nThis is a Primary Key.<pk/>'), { comment: 'Row id', isPrimaryKey: true });
    assert.deepEqual(
      parseColumnDescription("multi\nline\n\nNote:\nThis is a Primary Key.<pk/>\nThis is a Foreign Key to `a b.c`.<fk table='a b' column='c'/>"),
      { comment: 'multi\nline', isPrimaryKey: true, foreignKey: { table: 'a b', column: 'c' } },
    );
    assert.deepEqual(parseColumnDescription('Note:\nremember the milk'), { comment: 'Note:\nremember the milk', isPrimaryKey: false });
  });

  it('reports odd shapes as issues instead of throwing', () => {
    for (const bad of [null, 42, 'x', [], undefined]) {
      const r = parseOpenApi(bad);
      assert.deepEqual([r.tables, r.views, r.functions], [[], [], []]);
      assert.equal(r.issues.length, 1);
      assert.equal(r.issues[0]!.message, 'document is not a JSON object');
    }
    const r = parseOpenApi({
      swagger: '3.0',
      definitions: {
        a: 'nope',
        b: { required: 'id', properties: { id: 5, name: { format: 'text', enum: [1], maxLength: -1, description: 7 } } },
        'x/y': { properties: [] },
      },
      paths: { '/a': { get: {} }, '/b': { post: {} }, nope: {}, '/c': 3, '/rpc/': {}, '/rpc/f': {}, '/rpc/g': { post: {} }, '/only_path': { get: {} } },
    });
    const messages = r.issues.map((i) => `${i.path}: ${i.message}`);
    assert.ok(messages.includes('/swagger: expected swagger "2.0", got "3.0"'));
    assert.ok(messages.includes('/definitions/a: definition is not an object; no columns'));
    assert.ok(messages.includes('/definitions/b/required: required is not a list; every column taken as nullable'));
    assert.ok(messages.includes('/definitions/b/properties/id: column schema is not an object; column skipped'));
    assert.ok(messages.includes('/definitions/b/properties/name/enum: enum is not a list of strings; ignored'));
    assert.ok(messages.includes('/definitions/b/properties/name/maxLength: maxLength is not a non-negative integer; ignored'));
    assert.ok(messages.includes('/definitions/b/properties/name/description: description is not a string; ignored'));
    assert.ok(messages.includes('/definitions/x~1y/properties: properties is not an object; no columns'));
    assert.ok(messages.includes('/definitions/x~1y: no path for this definition; taken as read-only'));
    assert.ok(messages.includes('/paths/nope: path does not start with "/"; skipped'));
    assert.ok(messages.includes('/paths/~1c: path item is not an object; skipped'));
    assert.ok(messages.includes('/paths/~1rpc~1: empty function name; skipped'));
    assert.ok(messages.includes('/paths/~1rpc~1f: function path has neither get nor post'));
    assert.ok(messages.includes('/paths/~1rpc~1g/post: no args body parameter; parameters unknown'));
    assert.ok(messages.includes('/paths/~1only_path: no definition for this path; columns unknown'));
    assert.deepEqual(r.tables.map((t) => t.name), ['b']);
    assert.deepEqual(r.views.map((t) => t.name), ['a', 'only_path', 'x/y']);
    const b = r.tables[0]!;
    assert.deepEqual(b.columns.map((c) => [c.name, c.type, c.nullable, c.enumValues, c.maxLength, c.comment]), [['name', 'text', true, undefined, undefined, undefined]]);
    assert.deepEqual(parseOpenApi({ swagger: '2.0' }).issues, [{ path: '/paths', message: 'paths is missing or not an object' }]);
  });

  it('never throws on arbitrary JSON, nor on arbitrary values inside a valid frame', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseOpenApi(v);
        return Array.isArray(r.tables) && Array.isArray(r.issues);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), (definitions, paths) => {
        const r = parseOpenApi({ swagger: '2.0', definitions, paths });
        return Array.isArray(r.functions) && r.issues.every((i) => typeof i.message === 'string');
      }),
      { numRuns: 300 },
    );
  });
});
