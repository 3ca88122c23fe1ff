import assert from 'node:assert/strict';
import { createLogger, describeForLog, redact } from '../../../src/log';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

describe('host/log redact()', () => {
  it('removes JWTs wherever they appear', () => {
    const out = redact(`token=${JWT} and "${JWT}"`);
    assert.ok(!out.includes('eyJhbGci'), out);
    assert.ok(!out.includes('CRXP1A7W'), out);
  });

  it('removes opaque keys but keeps their kind', () => {
    const out = redact('using sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz and sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH');
    assert.equal(out, 'using sb_secret_[redacted] and sb_publishable_[redacted]');
  });

  it('removes bearer tokens and apikey/password values of any shape', () => {
    assert.equal(redact('Authorization: Bearer abc.def-123'), 'Authorization: Bearer [redacted]');
    assert.equal(redact('apikey: my-custom-key-value'), 'apikey: [redacted]');
    assert.equal(redact('{"apikey":"zzzzzzzz","x":1}'), '{"apikey":"[redacted]","x":1}');
    assert.equal(redact('password=hunter2hunter2&user=a'), 'password=[redacted]&user=a');
  });

  it('removes registered secrets verbatim even when no pattern matches', () => {
    assert.equal(redact('key is Zm9vYmFyYmF6cXV4 here', ['Zm9vYmFyYmF6cXV4']), 'key is [redacted] here');
    // too short to be a key: left alone (would blank common words)
    assert.equal(redact('abc', ['abc']), 'abc');
  });

  it('leaves ordinary text untouched', () => {
    const text = 'GET http://127.0.0.1:54321/rest/v1/ -> 403 (schema listing needs the secret key)';
    assert.equal(redact(text), text);
  });

  it('describeForLog redacts error messages and causes', () => {
    const e = new Error(`request with ${JWT} failed`, { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const out = describeForLog(e);
    assert.match(out, /Error: request with \[redacted-jwt\] failed/);
    assert.match(out, /cause: Error: connect ECONNREFUSED code=ECONNREFUSED/);
    assert.equal(describeForLog({ headers: { Authorization: `Bearer ${JWT}` } }).includes('eyJ'), false);
  });

  it('the logger redacts messages, arguments and registered secrets in every scope', () => {
    const lines: string[] = [];
    const sink = {
      trace: (l: string) => lines.push(l),
      debug: (l: string) => lines.push(l),
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string | Error) => lines.push(String(l)),
      show: () => {},
    };
    const log = createLogger(sink);
    log.registerSecret('custom-secret-value-123');
    log.scope('tables').info(`sent ${JWT}`, { key: 'custom-secret-value-123' });
    log.error(new Error('sb_secret_abcdefgh leaked'));
    assert.deepEqual(lines, ['[tables] sent [redacted-jwt] {"key":"[redacted]"}', 'Error: sb_secret_[redacted] leaked']);
  });
});
