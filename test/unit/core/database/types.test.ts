/**
 * Type-level checks of the builders' result types, compiled by `npx tsc -p . --noEmit` (a wrong
 * type fails the build, not a test), plus a runtime round trip: `returns()` / `overrideTypes()` are
 * type-only and keep the chain and the request unchanged.
 */
import assert from 'node:assert/strict';
import { startCaptureServer, type CaptureServer } from '../../../helpers/captureServer';
import {
  createClient,
  PostgrestBuilder,
  PostgrestTransformBuilder,
  type PostgrestResponse,
  type SupabaseClient,
} from '../../../../src/core/index';

/** `true` only when A and B are the same type (not merely assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_ok?: T): void {}
type DataOf<B> = B extends PromiseLike<PostgrestResponse<infer R>> ? R | null : never;

interface Planet {
  id: number;
  name: string;
}

describe('builder types: returns() and overrideTypes()', () => {
  let server: CaptureServer;
  let client: SupabaseClient;
  before(async () => {
    server = await startCaptureServer({ status: 200, headers: { 'content-type': 'application/json' }, body: '[{"id":1,"name":"Mercury"}]' });
    client = createClient(server.url, 'KEY');
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('returns<T>() stays a transform builder: modifiers can follow (as in postgrest-js 2.119)', async () => {
    const q = client.from('planets').select('id, name').returns<Planet[]>().limit(1);
    expectType<Equals<typeof q, PostgrestTransformBuilder<Planet[]>>>();
    const ordered = client.from('planets').select().eq('id', 1).returns<Planet[]>().order('id').range(0, 0).abortSignal(new AbortController().signal);
    expectType<Equals<DataOf<typeof ordered>, Planet[] | null>>();
    const one = client.from('planets').select().returns<Planet[]>().single();
    expectType<Equals<DataOf<typeof one>, Planet | null>>();
    const maybe = client.from('planets').select().limit(1).returns<Planet[]>().maybeSingle();
    expectType<Equals<DataOf<typeof maybe>, Planet | null>>();
    const rpc = client.rpc('list').returns<Planet[]>().limit(2);
    expectType<Equals<DataOf<typeof rpc>, Planet[] | null>>();

    const { data, error } = await q;
    expectType<Equals<typeof data, Planet[] | null>>();
    assert.equal(error, null);
    assert.deepEqual(data, [{ id: 1, name: 'Mercury' }]);
    assert.equal(server.last().target, '/rest/v1/planets?select=id%2Cname&limit=1');
    assert.ok(q instanceof PostgrestTransformBuilder);
  });

  it('overrideTypes<T>() exists: merges by default, replaces with { merge: false }', async () => {
    const merged = client.from('planets').select('id, name').returns<Planet[]>().overrideTypes<{ label: 'a' | 'b' }[]>();
    type MergedRow = NonNullable<DataOf<typeof merged>>[number];
    expectType<Equals<MergedRow['label'], 'a' | 'b'>>();
    expectType<Equals<MergedRow['id'], number>>();
    const replaced = client.from('planets').select().overrideTypes<Planet[], { merge: false }>();
    expectType<Equals<typeof replaced, PostgrestBuilder<Planet[]>>>();
    const single = client.from('planets').select().returns<Planet[]>().maybeSingle().overrideTypes<{ name: 'Mercury' }>();
    type SingleData = DataOf<typeof single>;
    expectType<Equals<NonNullable<SingleData>['name'], 'Mercury'>>();
    expectType<Equals<null extends SingleData ? true : false, true>>();

    const b = client.from('planets').select('id').eq('id', 1);
    assert.equal(b.returns<Planet[]>(), b);
    assert.equal(b.overrideTypes<Planet[]>(), b);
    const r = await replaced;
    expectType<Equals<typeof r.data, Planet[] | null>>();
    assert.deepEqual(r.data, [{ id: 1, name: 'Mercury' }]);
    assert.equal(server.last().target, '/rest/v1/planets?select=*');
  });
});
