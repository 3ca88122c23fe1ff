import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { useStack } from '../../helpers/stack';
import { buildOpenApiDocument, openApiDefault, swaggerTypeOf, viewColumnOrigins } from '../../stack/rest/openapi';
import { parseOpenApi } from '../../../src/core/database/openapi';
import { loadOpenApiFixture, OPENAPI_FIXTURE_SCHEMA } from './openapiFixture';

const SNAPSHOT_URL = 'http://127.0.0.1:54321/rest/v1';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

describe('REST OpenAPI document (buildOpenApiDocument)', function () {
  const stack = useStack();
  // Nested so that the pool ends before the stack stops (inner `after` hooks run first).
  describe('on a fixture schema', fixtureSuite(stack));
});

function fixtureSuite(stack: () => { dbUrl: string }) {
  return function () {
    let pool: pg.Pool;
    let doc: Doc;

    before(async function () {
      await loadOpenApiFixture(stack().dbUrl);
      pool = new pg.Pool({ connectionString: stack().dbUrl, max: 4 });
      pool.on('error', () => {});
      doc = await buildOpenApiDocument(pool, { schema: OPENAPI_FIXTURE_SCHEMA, url: 'https://abc.example.co/rest/v1' });
    });
    after(async () => {
      await pool?.end();
    });

    it('has the Swagger 2.0 frame: info from the schema comment, host/basePath/schemes from the url', () => {
      assert.equal(doc.swagger, '2.0');
      assert.deepEqual(doc.info, { title: 'Explorer fixtures', description: 'Tables for the OpenAPI tests.', version: '14.1' });
      assert.equal(doc.host, 'abc.example.co:443');
      assert.equal(doc.basePath, '/rest/v1');
      assert.deepEqual(doc.schemes, ['https']);
      const mimes = ['application/json', 'application/vnd.pgrst.object+json;nulls=stripped', 'application/vnd.pgrst.object+json', 'text/csv'];
      assert.deepEqual(doc.consumes, mimes);
      assert.deepEqual(doc.produces, mimes);
      assert.equal(doc.paths['/'].get.summary, 'OpenAPI description (this document)');
      assert.deepEqual(doc.paths['/'].get.tags, ['Introspection']);
    });

    it('describes table columns with types, formats, defaults, enums and lengths', () => {
      const countries = doc.definitions.countries;
      assert.equal(countries.type, 'object');
      assert.equal(countries.description, 'Countries of the world\nOne row per country.');
      assert.deepEqual(countries.required, ['id', 'name', 'code', 'created_at']);
      assert.deepEqual(countries.properties.id, { description: 'Row id\n\nNote:\nThis is a Primary Key.<pk/>', format: 'bigint', type: 'integer' });
      assert.deepEqual(countries.properties.name, { description: 'English name', format: 'text', type: 'string' });
      assert.deepEqual(countries.properties.code, { default: 'xx', format: 'character varying', maxLength: 2, type: 'string' });
      assert.equal(countries.properties.created_at.format, 'timestamp with time zone');
      assert.equal(countries.properties.created_at.default, 'now()');

      const cities = doc.definitions.cities.properties;
      assert.deepEqual(cities.tags, { format: 'text[]', type: 'array', items: { type: 'string' } });
      assert.deepEqual(cities.meta, { format: 'jsonb' }, 'json/jsonb have no type and unparsable defaults are left out');
      assert.deepEqual(cities.mood.enum, ['sad', 'ok', 'happy']);
      assert.equal(cities.mood.default, 'ok');
      assert.equal(cities.mood.type, 'string');
      assert.equal(cities.score.default, 1.5);
      assert.equal(cities.score.format, 'numeric');
      assert.equal(cities.active.default, true);
      assert.equal(cities.population.format, 'integer', 'a domain over a built-in type shows the base type');
      assert.equal(cities.code.format, 'character');
      assert.equal(cities.code.maxLength, 3);
      assert.equal(cities.id.default, undefined, 'nextval() is left out');
      assert.deepEqual(doc.definitions.cities.required, ['id', 'population'], 'NOT NULL columns and NOT NULL domains');
    });

    it('writes PostgREST notes for primary and foreign keys', () => {
      assert.equal(
        doc.definitions.cities.properties.country_id.description,
        "Note:\nThis is a Foreign Key to `countries.id`.<fk table='countries' column='id'/>",
      );
      assert.equal(doc.definitions.memberships.properties.user_id.description, 'Note:\nThis is a Primary Key.<pk/>');
      assert.equal(
        doc.definitions.memberships.properties.city_id.description,
        "Note:\nThis is a Primary Key.<pk/>\nThis is a Foreign Key to `cities.id`.<fk table='cities' column='id'/>",
      );
    });

    it('lists views: read-only ones with GET only, updatable ones with writes, keys inherited from base tables', () => {
      assert.deepEqual(Object.keys(doc.paths['/city_names']), ['get']);
      assert.deepEqual(Object.keys(doc.paths['/country_stats']), ['get']);
      assert.deepEqual(Object.keys(doc.paths['/big_cities']).sort(), ['delete', 'get', 'patch', 'post']);
      assert.equal(doc.definitions.city_names.description, 'Read-only view');
      assert.equal(doc.definitions.city_names.required, undefined, 'view columns are nullable');
      assert.equal(doc.definitions.big_cities.properties.id.description, 'Note:\nThis is a Primary Key.<pk/>');
      assert.match(doc.definitions.big_cities.properties.country_id.description, /<fk table='countries' column='id'\/>/);
      assert.equal(doc.definitions.city_names.properties.country.description, undefined);
      // Keys follow plain columns through subqueries in FROM, never out of a scalar subquery.
      assert.equal(doc.definitions.nested.properties.first_country.description, undefined);
      assert.equal(doc.definitions.nested.properties.id.description, 'Note:\nThis is a Primary Key.<pk/>');
      assert.match(doc.definitions.country_stats.properties.country_id.description, /<fk table='countries' column='id'\/>/);
    });

    it('builds table paths with parameter references', () => {
      const p = doc.paths['/countries'];
      assert.deepEqual(
        p.get.parameters.map((r: { $ref: string }) => r.$ref),
        [
          '#/parameters/rowFilter.countries.id',
          '#/parameters/rowFilter.countries.name',
          '#/parameters/rowFilter.countries.code',
          '#/parameters/rowFilter.countries.created_at',
          '#/parameters/select',
          '#/parameters/order',
          '#/parameters/range',
          '#/parameters/rangeUnit',
          '#/parameters/offset',
          '#/parameters/limit',
          '#/parameters/preferCount',
        ],
      );
      assert.deepEqual(p.get.responses['200'].schema, { type: 'array', items: { $ref: '#/definitions/countries' } });
      assert.equal(p.get.summary, 'Countries of the world');
      assert.equal(p.get.description, 'One row per country.');
      assert.deepEqual(
        p.post.parameters.map((r: { $ref: string }) => r.$ref),
        ['#/parameters/body.countries', '#/parameters/select', '#/parameters/preferPost'],
      );
      assert.equal(p.patch.parameters.at(-1).$ref, '#/parameters/preferReturn');
      assert.deepEqual(p.delete.responses, { '204': { description: 'No Content' } });
      for (const op of Object.values(p) as Doc[]) {
        for (const r of op.parameters) assert.ok(doc.parameters[r.$ref.replace('#/parameters/', '')], `${r.$ref} resolves`);
      }
      assert.deepEqual(doc.parameters['rowFilter.countries.name'], {
        name: 'name',
        description: 'English name',
        required: false,
        in: 'query',
        type: 'string',
      });
      assert.deepEqual(doc.parameters['body.countries'], {
        name: 'countries',
        description: 'countries',
        required: false,
        in: 'body',
        schema: { $ref: '#/definitions/countries' },
      });
      assert.deepEqual(doc.parameters.preferCount.enum, ['count=none']);
      assert.equal(doc.parameters.rangeUnit.default, 'items');
    });

    it('describes rpc functions: args, required, GET for non-volatile ones, variadic, set-returning', () => {
      const add = doc.paths['/rpc/add'];
      assert.equal(add.post.summary, 'Adds two numbers');
      assert.equal(add.post.description, 'b defaults to 1.');
      assert.deepEqual(add.post.tags, ['(rpc) add']);
      const args = add.post.parameters[0];
      assert.equal(args.name, 'args');
      assert.equal(args.in, 'body');
      assert.deepEqual(args.schema.properties, { a: { type: 'integer', format: 'integer' }, b: { type: 'integer', format: 'integer' } });
      assert.deepEqual(args.schema.required, ['a']);
      assert.deepEqual(add.post.parameters[1], { $ref: '#/parameters/preferParams' });
      assert.deepEqual(
        add.get.parameters.map((q: Doc) => [q.name, q.required, q.type]),
        [
          ['a', true, 'integer'],
          ['b', false, 'integer'],
        ],
      );

      const setof = doc.paths['/rpc/cities_of'];
      assert.deepEqual(setof.post.parameters[0].schema.properties, { country: { type: 'integer', format: 'bigint' } });
      assert.ok(setof.get, 'stable set-returning function is callable with GET');

      assert.deepEqual(Object.keys(doc.paths['/rpc/touch']), ['post'], 'volatile: POST only');
      assert.deepEqual(doc.paths['/rpc/touch'].post.parameters[0].schema.properties.ids, { type: 'array', items: { type: 'integer' }, format: 'integer[]' });

      const variadic = doc.paths['/rpc/sum_all'].get.parameters[0];
      assert.equal(variadic.collectionFormat, 'multi');
      assert.deepEqual(variadic.items, { type: 'integer', format: 'integer' });

      assert.deepEqual(Object.keys(doc.paths['/rpc/echo'].post.parameters[0].schema.properties), [''], 'single unnamed jsonb argument');
      assert.deepEqual(Object.keys(doc.paths['/rpc/pair'].post.parameters[0].schema.properties), ['y'], 'only IN/INOUT arguments');
      assert.equal(doc.paths['/rpc/unnamed_pair'], undefined, 'two unnamed arguments: not callable');
      assert.equal(doc.paths['/rpc/trg'], undefined, 'trigger functions are not listed');
      assert.equal(doc.paths['/rpc/proc'], undefined, 'procedures are not listed');
    });

    it('follows a role’s privileges when asked, and defaults when the schema has no comment', async () => {
      const anon = (await buildOpenApiDocument(pool, { schema: OPENAPI_FIXTURE_SCHEMA, url: 'http://localhost:3000', role: 'anon' })) as Doc;
      assert.deepEqual(Object.keys(anon.definitions), ['countries']);
      assert.equal(anon.paths['/rpc/touch'], undefined);
      assert.ok(anon.paths['/rpc/add']);
      assert.equal(anon.host, 'localhost:3000');
      assert.equal(anon.basePath, '/');

      await pool.query(`create schema if not exists oa_empty`);
      const empty = (await buildOpenApiDocument(pool, { schema: 'oa_empty', url: 'http://127.0.0.1', integerFormat: 'openapi' })) as Doc;
      assert.deepEqual(empty.info, { title: 'PostgREST API', description: 'This is a dynamic API generated by PostgREST', version: '14.1' });
      assert.deepEqual(empty.definitions, {});
      assert.deepEqual(Object.keys(empty.paths), ['/']);
      assert.equal(empty.host, '127.0.0.1:80');

      const int64 = (await buildOpenApiDocument(pool, { schema: OPENAPI_FIXTURE_SCHEMA, url: 'http://x', integerFormat: 'openapi' })) as Doc;
      assert.equal(int64.definitions.countries.properties.id.format, 'int64');
      assert.equal(int64.definitions.cities.properties.id.format, 'int32');
    });

    it('describes the sample public schema so that the client parser reads it without issues', async () => {
      const pub = (await buildOpenApiDocument(pool, { schema: 'public', url: 'http://127.0.0.1:54321/rest/v1' })) as Doc;
      assert.equal(pub.info.title, 'standard public schema');
      assert.equal(pub.info.description, '', 'a one-line schema comment leaves the description empty');
      assert.equal(pub.definitions.planets.properties.id.description, 'Note:\nThis is a Primary Key.<pk/>');
      const parsed = parseOpenApi(pub);
      assert.deepEqual(parsed.issues, []);
      assert.ok(parsed.tables.some((t) => t.name === 'planets' && t.primaryKey.join() === 'id'));
    });

    it('rejects a bad url with a clear error', async () => {
      await assert.rejects(buildOpenApiDocument(pool, { schema: 'public', url: 'not a url' }), /url is not an absolute URL/);
      await assert.rejects(buildOpenApiDocument(pool, { schema: '', url: 'http://x' }), /schema must be a non-empty string/);
    });

    it('matches the committed snapshot the client unit tests read (UPDATE_SNAPSHOT=1 rewrites it)', async () => {
      const fresh = await buildOpenApiDocument(pool, { schema: OPENAPI_FIXTURE_SCHEMA, url: SNAPSHOT_URL });
      const file = join(__dirname, '..', '..', 'fixtures', 'postgrestOpenApi.json');
      if (process.env.UPDATE_SNAPSHOT === '1') await writeFile(file, JSON.stringify(fresh, null, 2) + '\n');
      assert.deepEqual(fresh, JSON.parse(await readFile(file, 'utf8')));
    });

    it('round-trips through the client parser (parseOpenApi)', () => {
      const parsed = parseOpenApi(doc);
      assert.deepEqual(parsed.issues, []);
      assert.deepEqual(parsed.tables.map((t) => t.name), ['big_cities', 'cities', 'countries', 'memberships']);
      assert.deepEqual(parsed.views.map((t) => t.name), ['city_names', 'country_stats', 'nested']);
      const countries = parsed.tables.find((t) => t.name === 'countries')!;
      assert.equal(countries.comment, 'Countries of the world\nOne row per country.');
      const id = countries.columns.find((c) => c.name === 'id')!;
      assert.equal(id.isPrimaryKey, true);
      assert.equal(id.comment, 'Row id');
      assert.equal(id.type, 'bigint');
      assert.equal(id.nullable, false);
      const cities = parsed.tables.find((t) => t.name === 'cities')!;
      assert.deepEqual(cities.columns.find((c) => c.name === 'country_id')!.foreignKey, { table: 'countries', column: 'id' });
      assert.deepEqual(cities.columns.find((c) => c.name === 'mood')!.enumValues, ['sad', 'ok', 'happy']);
      assert.deepEqual(cities.primaryKey, ['id']);
      const memberships = parsed.tables.find((t) => t.name === 'memberships')!;
      assert.deepEqual(memberships.primaryKey, ['user_id', 'city_id']);
      const add = parsed.functions.find((f) => f.name === 'add')!;
      assert.deepEqual(add.params, [
        { name: 'a', type: 'integer', required: true, variadic: false },
        { name: 'b', type: 'integer', required: false, variadic: false },
      ]);
      assert.equal(add.comment, 'Adds two numbers\nb defaults to 1.');
      assert.equal(add.volatile, false);
      assert.equal(parsed.functions.find((f) => f.name === 'touch')!.volatile, true);
      assert.equal(parsed.functions.find((f) => f.name === 'sum_all')!.params[0]!.variadic, true);
    });
  };
}

describe('OpenAPI producer helpers', () => {
  it('maps PostgreSQL types to Swagger types like PostgREST', () => {
    assert.equal(swaggerTypeOf('character varying'), 'string');
    assert.equal(swaggerTypeOf('bigint'), 'integer');
    assert.equal(swaggerTypeOf('double precision'), 'number');
    assert.equal(swaggerTypeOf('jsonb'), undefined);
    assert.equal(swaggerTypeOf('uuid[]'), 'array');
    assert.equal(swaggerTypeOf('tstzrange'), 'string');
  });

  it('parses defaults the way PostgREST does', () => {
    assert.equal(openApiDefault('text', "'hello'::text"), 'hello');
    assert.equal(openApiDefault('character varying', "'x'::character varying"), 'x');
    assert.equal(openApiDefault('integer', '42'), 42);
    assert.equal(openApiDefault('boolean', 'false'), false);
    assert.equal(openApiDefault('integer', "nextval('t_id_seq'::regclass)"), undefined);
    assert.equal(openApiDefault('jsonb', "'{}'::jsonb"), undefined);
    assert.equal(openApiDefault('uuid', 'gen_random_uuid()'), 'gen_random_uuid()');
  });

  it('reads view column origins from a rule tree, ignoring nested queries', () => {
    const tree =
      '({QUERY :commandType 1 :rtable ({RTE :subquery {QUERY :targetList ({TARGETENTRY :expr {VAR :varno 1} :resno 1 :resname x :ressortgroupref 0 :resorigtbl 999 :resorigcol 9 :resjunk false})}}) ' +
      ':targetList ({TARGETENTRY :expr {VAR :varno 1 :varattno 1} :resno 1 :resname id :ressortgroupref 0 :resorigtbl 16400 :resorigcol 1 :resjunk false} ' +
      '{TARGETENTRY :expr {FUNCEXPR :args ({VAR :varno 1})} :resno 2 :resname n\\ x :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false}) :override 0})';
    assert.deepEqual([...viewColumnOrigins(tree)], [[1, [16400, 1]]]);
    assert.equal(viewColumnOrigins('garbage').size, 0);
  });
});
