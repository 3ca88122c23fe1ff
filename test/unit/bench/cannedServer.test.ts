import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'undici';
import { cannedRows, createCannedServer } from '../../bench/cannedServer';
import { benchClients } from '../../bench/clients';

describe('bench canned PostgREST server', () => {
  let server: Server;
  let url: string;
  before(async () => {
    server = createCannedServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('answers a select like PostgREST: JSON rows, charset, Content-Range', async () => {
    const res = await request(`${url}/rest/v1/planets?select=*`, { headers: { apikey: 'k' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['content-range'], '0-3/*');
    assert.deepEqual(await res.body.json(), cannedRows());
  });

  it('refuses requests without apikey and unknown tables', async () => {
    const noKey = await request(`${url}/rest/v1/planets`);
    assert.equal(noKey.statusCode, 401);
    await noKey.body.dump();
    const other = await request(`${url}/rest/v1/moons`, { headers: { apikey: 'k' } });
    assert.equal(other.statusCode, 404);
    assert.equal(((await other.body.json()) as { code: string }).code, 'PGRST205');
  });

  it('every bench client reads the same rows from it', async () => {
    for (const client of benchClients()) {
      const op = await client.make(url, 'bench-key');
      assert.deepEqual(await op(), cannedRows(), client.name);
    }
  });
});
