import assert from 'node:assert/strict';
import { useStack } from '../../helpers/stack';
import { rest } from './http';

/** Builds `?k=v&…` the way postgrest-js does (URLSearchParams). */
function qs(pairs: [string, string][]): string {
  const p = new URLSearchParams();
  for (const [k, v] of pairs) p.append(k, v);
  return '?' + p.toString();
}

describe('REST reads: select grammar, filters, embedding, ranges, media types', () => {
  const stack = useStack({ maxRows: 50 });
  const rows = async (table: string, pairs: [string, string][], headers: Record<string, string> = {}) => {
    const r = await rest(stack(), 'GET', `/${table}${qs(pairs)}`, { headers });
    assert.equal(r.status < 300, true, `${r.status} ${r.text}`);
    return r.json() as Record<string, unknown>[];
  };
  const names = async (table: string, pairs: [string, string][]) => (await rows(table, [['select', 'name'], ...pairs, ['order', 'id']])).map((r) => r.name);

  describe('filters', () => {
    it('comparison operators', async () => {
      assert.deepEqual(await names('planets', [['name', 'eq.Earth']]), ['Earth']);
      assert.deepEqual(await names('planets', [['name', 'neq.Earth']]), ['Mercury', 'Venus', 'Mars']);
      assert.deepEqual(await names('planets', [['id', 'gt.2']]), ['Earth', 'Mars']);
      assert.deepEqual(await names('planets', [['id', 'gte.2']]), ['Venus', 'Earth', 'Mars']);
      assert.deepEqual(await names('planets', [['id', 'lt.2']]), ['Mercury']);
      assert.deepEqual(await names('planets', [['id', 'lte.2']]), ['Mercury', 'Venus']);
    });

    it('like / ilike with * and %, any/all quantifiers, regex', async () => {
      assert.deepEqual(await names('planets', [['name', 'like.%ar%']]), ['Earth', 'Mars']);
      assert.deepEqual(await names('planets', [['name', 'like.*ar*']]), ['Earth', 'Mars']);
      assert.deepEqual(await names('planets', [['name', 'ilike.%EA%']]), ['Earth']);
      assert.deepEqual(await names('planets', [['name', 'like(all).{M%,%s}']]), ['Mars']);
      assert.deepEqual(await names('planets', [['name', 'ilike(any).{%ea%,mer%}']]), ['Mercury', 'Earth']);
      assert.deepEqual(await names('planets', [['name', 'match.^M']]), ['Mercury', 'Mars']);
      assert.deepEqual(await names('planets', [['name', 'imatch.^m.r']]), ['Mercury', 'Mars']);
      assert.deepEqual(await names('planets', [['id', 'eq(any).{1,3}']]), ['Mercury', 'Earth']);
    });

    it('is / isdistinct / in / not', async () => {
      assert.deepEqual(await names('instruments', [['section_id', 'is.null']]), ['harp']);
      assert.deepEqual((await names('instruments', [['section_id', 'not.is.null']])).length, 7);
      assert.deepEqual(await names('planets', [['name', 'isdistinct.Earth'], ['id', 'lt.3']]), ['Mercury', 'Venus']);
      assert.deepEqual(await names('planets', [['name', 'in.("Mars","Tatooine")']]), ['Mars']);
      assert.deepEqual(await names('planets', [['id', 'not.in.(1,2)']]), ['Earth', 'Mars']);
      assert.deepEqual(await names('planets', [['id', 'in.()']]), []);
      assert.deepEqual(await names('planets', [['name', 'not.eq.Earth'], ['name', 'not.like.M*']]), ['Venus']);
    });

    it('in-list quoting: commas, parentheses and escaped quotes in values', async () => {
      await rest(stack(), 'POST', '/planets', { body: [{ id: 100, name: 'a,b' }, { id: 101, name: 'c(d)' }, { id: 102, name: 'say "hi"' }], key: stack().serviceRoleKey });
      assert.deepEqual(await names('planets', [['name', 'in.("a,b","c(d)","say \\"hi\\"")']]), ['a,b', 'c(d)', 'say "hi"']);
      assert.deepEqual(await names('planets', [['or', '(name.eq."a,b",name.eq.Mars)']]), ['Mars', 'a,b']);
      await rest(stack(), 'DELETE', '/planets?id=gte.100', { key: stack().serviceRoleKey });
    });

    it('is true/false and case-insensitivity; bad is value → PGRST100', async () => {
      assert.deepEqual((await rows('todos', [['select', 'id'], ['done', 'is.TRUE']], {})).length, 0); // anon sees no todos (RLS)
      const r = await rest(stack(), 'GET', `/planets${qs([['name', 'is.maybe']])}`);
      assert.equal(r.status, 400);
      assert.equal((r.json() as { code: string }).code, 'PGRST100');
    });

    it('array operators cs / cd / ov', async () => {
      assert.deepEqual((await rows('issues', [['select', 'title'], ['tags', 'cs.{is:open,priority:low}']])).map((r) => r.title), ['Cache invalidation is not working']);
      assert.deepEqual((await rows('classes', [['select', 'name'], ['days', 'cd.{monday,tuesday,wednesday,friday}']])).map((r) => r.name), ['Chemistry']);
      assert.deepEqual((await rows('issues', [['select', 'id'], ['tags', 'ov.{is:closed,severity:high}'], ['order', 'id']])).map((r) => r.id), [1, 3]);
      assert.deepEqual((await rows('issues', [['select', 'id'], ['tags', 'not.cs.{is:open}']])).map((r) => r.id), [3]);
    });

    it('range operators sr nxl sl nxr adj ov on tstzrange', async () => {
      const ids = async (op: string, v: string) => (await rows('reservations', [['select', 'id'], ['during', `${op}.${v}`], ['order', 'id']])).map((r) => r.id);
      assert.deepEqual(await ids('sr', '[2000-01-01 14:00+00,2000-01-01 14:30+00)'), [2]);
      assert.deepEqual(await ids('sr', '[2000-01-01 08:00+00,2000-01-01 09:00+00)'), [1, 2]);
      assert.deepEqual(await ids('nxl', '[2000-01-02 08:30+00,2000-01-02 09:30+00)'), [2]);
      assert.deepEqual(await ids('sl', '[2000-01-01 15:00+00,2000-01-01 16:00+00)'), [1]);
      assert.deepEqual(await ids('nxr', '[2000-01-01 14:00+00,2000-01-01 16:00+00)'), [1]);
      assert.deepEqual(await ids('adj', '[2000-01-01 12:00+00,2000-01-01 13:00+00)'), [1]);
      assert.deepEqual(await ids('ov', '[2000-01-02 09:30+00,2000-01-02 11:00+00)'), [2]);
      assert.deepEqual(await ids('cs', '[2000-01-01 13:30+00,2000-01-01 14:00+00)'), [1]);
    });

    it('full-text search: fts/plfts/phfts/wfts with config, on text and tsvector columns', async () => {
      const ids = async (col: string, v: string) => (await rows('texts', [['select', 'id'], [col, v], ['order', 'id']])).map((r) => r.id);
      assert.deepEqual(await ids('content', "fts(english).'eggs' & 'ham'"), [1, 4]);
      assert.deepEqual(await ids('fts', 'fts.eggs & ham'), [1, 4]);
      assert.deepEqual(await ids('fts', 'plfts.green eggs'), [1]);
      assert.deepEqual(await ids('fts', 'phfts(english).eggs benedict'), [4]);
      assert.deepEqual(await ids('fts', 'wfts(english).ham -cheese'), [1, 4]);
      assert.deepEqual(await ids('content', 'wfts(simple)."quick brown"'), [2]);
      assert.deepEqual(await ids('fts', 'not.fts.ham'), [2]);
    });

    it('json paths in select and filters; jsonb containment', async () => {
      assert.deepEqual(await rows('users', [['select', 'name,city:address->>city,address->postcode'], ['address->>city', 'eq.Paris']]), [{ name: 'Jane', city: 'Paris', postcode: 75001 }]);
      assert.deepEqual(await names('users', [['address->postcode', 'gt.20000']]), ['Jane']);
      assert.deepEqual(await names('users', [['address', 'cs.{"city":"London"}']]), ['John']);
      assert.deepEqual(await rows('users', [['select', 'first:address->tags->>0'], ['id', 'eq.1']]), [{ first: 'a' }]);
    });

    it('logic trees: or, and, nested, negated, embedded', async () => {
      assert.deepEqual(await names('planets', [['or', '(id.eq.1,and(id.gt.2,name.like.M*))']]), ['Mercury', 'Mars']);
      assert.deepEqual(await names('planets', [['not.or', '(id.eq.1,id.eq.2)']]), ['Earth', 'Mars']);
      assert.deepEqual(await names('planets', [['and', '(id.gt.1,or(name.eq.Venus,name.eq.Mars))']]), ['Venus', 'Mars']);
      assert.deepEqual(await names('planets', [['or', '(name.in.("Earth",Mars),id.is.null)']]), ['Earth', 'Mars']);
      assert.deepEqual(await names('planets', [['or', '(id.not.eq.1,not.and(id.gte.1,id.lte.3))']]), ['Venus', 'Earth', 'Mars']);
      const r = await rows('orchestral_sections', [['select', 'name,instruments(name)'], ['instruments.or', '(name.eq.flute,name.eq.violin)'], ['order', 'id'], ['limit', '2']]);
      assert.deepEqual(r, [{ name: 'strings', instruments: [{ name: 'violin' }] }, { name: 'woodwinds', instruments: [{ name: 'flute' }] }]);
    });
  });

  describe('select and embedding', () => {
    it('aliases, casts, quoted names, star', async () => {
      assert.deepEqual(await rows('planets', [['select', 'planet:name,id::text'], ['id', 'eq.1']]), [{ planet: 'Mercury', id: '1' }]);
      assert.deepEqual(await rows('planets', [['select', '"name"'], ['id', 'eq.2']]), [{ name: 'Venus' }]);
      assert.deepEqual(await rows('planets', [['select', '*'], ['id', 'eq.3']]), [{ id: 3, name: 'Earth' }]);
      assert.deepEqual(await rows('planets', [['select', ' id , name '], ['id', 'eq.4']]), [{ id: 4, name: 'Mars' }]);
    });

    it('fk hints by column and constraint name; ambiguity without', async () => {
      const r = await rows('messages', [['select', 'content,sender:users!sender_id(name),receiver:users!messages_receiver_id_fkey(name)'], ['order', 'id'], ['limit', '2']]);
      assert.deepEqual(r, [
        { content: 'Hello John', sender: { name: 'Jane' }, receiver: { name: 'John' } },
        { content: 'Hi Jane', sender: { name: 'John' }, receiver: { name: 'Jane' } },
      ]);
      const amb = await rest(stack(), 'GET', `/messages${qs([['select', 'content,users(name)']])}`);
      assert.equal(amb.status, 300);
      assert.equal((amb.json() as { code: string }).code, 'PGRST201');
      const one = await rows('users', [['select', 'name,messages!sender_id(content)'], ['id', 'eq.3']]);
      assert.deepEqual(one, [{ name: 'Kim', messages: [{ content: 'Hey both' }] }]);
    });

    it('no relationship → PGRST200', async () => {
      const r = await rest(stack(), 'GET', `/planets${qs([['select', 'name,countries(name)']])}`);
      assert.equal(r.status, 400);
      assert.equal((r.json() as { code: string }).code, 'PGRST200');
    });

    it('many-to-many through a junction table', async () => {
      assert.deepEqual(await rows('actors', [['select', 'name,films(title)'], ['order', 'id'], ['films.order', 'id']]), [
        { name: 'Ann', films: [{ title: 'Alpha' }, { title: 'Beta' }] },
        { name: 'Bob', films: [{ title: 'Beta' }] },
      ]);
    });

    it('many-to-many with the junction as hint; the junction itself embeds both ways', async () => {
      assert.deepEqual(await rows('films', [['select', 'title,actors!roles(name)'], ['id', 'eq.2'], ['actors.order', 'id']]), [{ title: 'Beta', actors: [{ name: 'Ann' }, { name: 'Bob' }] }]);
      assert.deepEqual(await rows('roles', [['select', 'character,actors(name),films(title)'], ['actor_id', 'eq.2']]), [{ character: 'Sidekick', actors: { name: 'Bob' }, films: { title: 'Beta' } }]);
    });

    it('Prefer timezone renders timestamps in that zone', async () => {
      const r = await rest(stack(), 'GET', '/reservations?select=during&id=eq.1', { headers: { prefer: 'timezone=America/New_York' } });
      assert.deepEqual(r.json(), [{ during: '["2000-01-01 08:00:00-05","2000-01-01 10:00:00-05")' }]);
      assert.equal(r.headers['preference-applied'], 'timezone=America/New_York');
    });

    it('order/limit/offset on embedded resources; nested embeds', async () => {
      const r = await rows('orchestral_sections', [['select', 'name,instruments(name)'], ['instruments.order', 'name.desc'], ['instruments.limit', '2'], ['instruments.offset', '1'], ['order', 'id'], ['limit', '2']]);
      assert.deepEqual(r, [{ name: 'strings', instruments: [{ name: 'viola' }, { name: 'cello' }] }, { name: 'woodwinds', instruments: [{ name: 'flute' }, { name: 'clarinet' }] }]);
      const nested = await rows('cities', [['select', 'name,countries(name,cities(name))']]);
      assert.deepEqual(nested, [{ name: 'Paris', countries: { name: 'France', cities: [{ name: 'Paris' }] } }]);
    });

    it('related order, anti-join and inner join filters, empty embed', async () => {
      const r = await rows('instruments', [['select', 'name,orchestral_sections(name)'], ['order', 'orchestral_sections(name).desc.nullslast,name'], ['limit', '2']]);
      assert.deepEqual(r, [{ name: 'clarinet', orchestral_sections: { name: 'woodwinds' } }, { name: 'flute', orchestral_sections: { name: 'woodwinds' } }]);
      assert.deepEqual(await rows('instruments', [['select', 'name,orchestral_sections()'], ['orchestral_sections', 'is.null']]), [{ name: 'harp' }]);
      assert.equal((await rows('instruments', [['select', 'name,orchestral_sections()'], ['orchestral_sections', 'not.is.null']])).length, 7);
      const bad = await rest(stack(), 'GET', `/instruments${qs([['select', 'name,orchestral_sections(name)'], ['orchestral_sections', 'eq.1']])}`);
      assert.equal((bad.json() as { code: string }).code, 'PGRST120');
      const toMany = await rest(stack(), 'GET', `/orchestral_sections${qs([['select', 'name,instruments(name)'], ['order', 'instruments(name)']])}`);
      assert.equal((toMany.json() as { code: string }).code, 'PGRST118');
    });

    it('spread to-one and to-many', async () => {
      assert.deepEqual(await rows('instruments', [['select', 'name,...orchestral_sections(section:name)'], ['id', 'eq.4']]), [{ name: 'flute', section: 'woodwinds' }]);
      assert.deepEqual(await rows('orchestral_sections', [['select', 'id,...instruments(names:name)'], ['id', 'eq.1'], ['instruments.order', 'id']]), [{ id: 1, names: ['violin', 'viola', 'cello'] }]);
    });

    it('computed fields in select, filters and order', async () => {
      assert.deepEqual(await rows('instruments', [['select', 'name,label'], ['label', 'like.*#4'], ['order', 'label.desc']]), [{ name: 'flute', label: 'flute #4' }]);
      assert.deepEqual(await rows('orchestral_sections', [['select', 'instruments(label)'], ['id', 'eq.3']]), [{ instruments: [{ label: 'trumpet #7' }] }]);
    });

    it('embedded count: rel(count)', async () => {
      assert.deepEqual(await rows('orchestral_sections', [['select', 'name,instruments(count)'], ['order', 'id'], ['limit', '2']]), [
        { name: 'strings', instruments: [{ count: 3 }] },
        { name: 'woodwinds', instruments: [{ count: 3 }] },
      ]);
    });

    it('aggregates are disabled by default → PGRST123', async () => {
      const r = await rest(stack(), 'GET', `/orders${qs([['select', 'amount.sum()']])}`);
      assert.equal(r.status, 400);
      assert.deepEqual(r.json(), { code: 'PGRST123', details: null, hint: null, message: 'Use of aggregate functions is not allowed' });
    });

    it('embedding through a view', async () => {
      assert.deepEqual(await rows('string_instruments', [['select', 'name,orchestral_sections(name)'], ['order', 'id'], ['limit', '1']]), [{ name: 'violin', orchestral_sections: { name: 'strings' } }]);
    });
  });

  describe('ranges, counts, media types', () => {
    it('limit/offset and Range header intersect; Content-Range', async () => {
      const a = await rest(stack(), 'GET', '/instruments?select=id&order=id&limit=3&offset=2');
      assert.equal(a.headers['content-range'], '2-4/*');
      assert.deepEqual(a.json(), [{ id: 3 }, { id: 4 }, { id: 5 }]);
      const b = await rest(stack(), 'GET', '/instruments?select=id&order=id', { headers: { range: '1-2' } });
      assert.equal(b.headers['content-range'], '1-2/*');
      const c = await rest(stack(), 'GET', '/instruments?select=id&order=id&limit=0', { headers: { prefer: 'count=exact' } });
      assert.equal(c.headers['content-range'], '*/8');
      assert.equal(c.status, 206);
      const d = await rest(stack(), 'GET', '/instruments?select=id&limit=-1');
      assert.equal(d.status, 416);
      const e = await rest(stack(), 'GET', '/instruments?select=id', { headers: { range: '5-2' } });
      assert.equal(e.status, 416);
    });

    it('max-rows caps reads', async () => {
      await rest(stack(), 'POST', '/planets', { body: Array.from({ length: 60 }, (_, i) => ({ id: 200 + i, name: `P${i}` })), key: stack().serviceRoleKey });
      const r = await rest(stack(), 'GET', '/planets?select=id', { headers: { prefer: 'count=exact' } });
      assert.equal((r.json() as unknown[]).length, 50);
      assert.equal(r.headers['content-range'], '0-49/64');
      assert.equal(r.status, 206);
      await rest(stack(), 'DELETE', '/planets?id=gte.200', { key: stack().serviceRoleKey });
    });

    it('count=planned and count=estimated use the planner', async () => {
      const p = await rest(stack(), 'GET', '/instruments?select=id', { headers: { prefer: 'count=planned' } });
      assert.match(p.headers['content-range'], /^0-7\/\d+$/);
      assert.equal(p.headers['preference-applied'], 'count=planned');
      const e = await rest(stack(), 'GET', '/instruments?select=id', { headers: { prefer: 'count=estimated' } });
      assert.equal(e.headers['content-range'], '0-7/8');
    });

    it('HEAD returns headers only', async () => {
      const r = await rest(stack(), 'HEAD', '/instruments?limit=2', { headers: { prefer: 'count=exact' } });
      assert.equal(r.status, 206);
      assert.equal(r.headers['content-range'], '0-1/8');
      assert.equal(r.text, '');
    });

    it('CSV quoting and nulls; stripped nulls', async () => {
      const r = await rest(stack(), 'GET', '/instruments?select=id,name,section_id&id=in.(1,8)&order=id', { headers: { accept: 'text/csv' } });
      assert.equal(r.text, 'id,name,section_id\n1,violin,1\n8,harp,');
      const z = await rest(stack(), 'GET', '/instruments?id=eq.999', { headers: { accept: 'text/csv' } });
      assert.equal(z.text, '\n');
      const s = await rest(stack(), 'GET', '/instruments?select=name,section_id&id=eq.8', { headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' } });
      assert.deepEqual(s.json(), [{ name: 'harp' }]);
      const o = await rest(stack(), 'GET', '/instruments?select=name,section_id&id=eq.8', { headers: { accept: 'application/vnd.pgrst.object+json;nulls=stripped' } });
      assert.deepEqual(o.json(), { name: 'harp' });
    });

    it('geo+json answers a FeatureCollection', async () => {
      const r = await rest(stack(), 'GET', '/planets?select=id,name&id=eq.1', { headers: { accept: 'application/geo+json' } });
      assert.equal(r.headers['content-type'], 'application/geo+json; charset=utf-8');
      assert.deepEqual(r.json(), { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: { id: 1, name: 'Mercury' } }] });
    });

    it('object Accept with several rows → 406', async () => {
      const r = await rest(stack(), 'GET', '/instruments', { headers: { accept: 'application/vnd.pgrst.object+json' } });
      assert.equal(r.status, 406);
      assert.equal((r.json() as { details: string }).details, 'The result contains 8 rows');
    });

    it('unsupported Accept → PGRST107', async () => {
      const r = await rest(stack(), 'GET', '/instruments', { headers: { accept: 'image/png' } });
      assert.equal(r.status, 406);
      assert.deepEqual(r.json(), { code: 'PGRST107', details: null, hint: null, message: 'None of these media types are available: image/png' });
    });

    it('explain plans: text and json with options', async () => {
      const t = await rest(stack(), 'GET', '/instruments?select=id', { headers: { accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=;' } });
      assert.equal(t.status, 200);
      assert.match(t.headers['content-type'], /^application\/vnd\.pgrst\.plan\+text; for="application\/json";/);
      assert.match(t.text, /Seq Scan on instruments/);
      const j = await rest(stack(), 'GET', '/instruments?select=id', { headers: { accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose|settings|buffers|wal;' } });
      const plan = j.json() as { Plan: { 'Actual Rows'?: number } }[];
      assert.equal(typeof plan[0].Plan['Actual Rows'], 'number');
    });

    it('int8 above 2^53 and big numerics come back losslessly', async () => {
      const r = await rest(stack(), 'GET', '/big_numbers?order=id.desc&limit=1');
      assert.match(r.text, /"id":9007199254740993,/);
      assert.match(r.text, /"amount":12345678901234567890\.123456789/);
      const f = await rest(stack(), 'GET', '/big_numbers?select=label&id=eq.9007199254740993');
      assert.deepEqual(f.json(), [{ label: 'above 2^53' }]);
    });
  });

  describe('robustness', () => {
    it('random select/filter/order text never yields a 5xx nor runs injected SQL', async function () {
      this.timeout(60_000);
      const fc = await import('fast-check');
      const chars = "abcid.,()\"'\\{}[]:!*->_ ;0123456789eqnotinlikeorand%$";
      const noisy = fc.array(fc.constantFrom(...chars.split('')), { maxLength: 25 }).map((a) => a.join(''));
      const keys = fc.constantFrom('select', 'order', 'or', 'id', 'name', 'cities.name', 'not.and', 'limit', 'name::text', 'id->>x');
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(keys, noisy), { minLength: 1, maxLength: 3 }), async (pairs) => {
          const r = await rest(stack(), 'GET', `/countries${qs([['select', 'id,name,cities(name)'], ...pairs])}`);
          assert.ok(r.status < 500, `${r.status} ${r.text} for ${JSON.stringify(pairs)}`);
          const b = r.status >= 400 ? (r.json() as { code: string }) : null;
          if (b) assert.match(b.code, /^(PGRST\d{3}|[0-9A-Z]{5})$/);
        }),
        { numRuns: 150 },
      );
      const still = await rest(stack(), 'GET', '/countries?select=id&order=id');
      assert.equal((still.json() as unknown[]).length, 5);
    });
  });

  describe('profiles and routing', () => {
    it('unknown profile → PGRST106', async () => {
      const r = await rest(stack(), 'GET', '/planets', { headers: { 'accept-profile': 'nope' } });
      assert.equal(r.status, 406);
      assert.deepEqual(r.json(), { code: 'PGRST106', details: null, hint: 'Only the following schemas are exposed: public', message: 'Invalid schema: nope' });
      const w = await rest(stack(), 'POST', '/planets', { headers: { 'content-profile': 'nope' }, body: {} });
      assert.equal(w.status, 406);
    });

    it('public profile echoes Content-Profile', async () => {
      const r = await rest(stack(), 'GET', '/planets?limit=1', { headers: { 'accept-profile': 'public' } });
      assert.equal(r.headers['content-profile'], 'public');
    });

    it('deeper paths → PGRST125; bad methods → PGRST117 / PGRST101', async () => {
      assert.equal((await rest(stack(), 'GET', '/planets/1')).status, 404);
      assert.equal(((await rest(stack(), 'GET', '/planets/1')).json() as { code: string }).code, 'PGRST125');
      const rpc = await rest(stack(), 'PATCH', '/rpc/add', { body: {} });
      assert.equal(rpc.status, 405);
      assert.deepEqual(rpc.json(), { code: 'PGRST101', details: null, hint: null, message: 'Cannot use the PATCH method on RPC' });
    });
  });
});
