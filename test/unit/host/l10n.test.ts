import assert from 'node:assert/strict';
import { format, l10n, setTranslator, t } from '../../../src/l10n';

describe('host/l10n seam', () => {
  afterEach(() => setTranslator(undefined));

  it('formats the English template by default', () => {
    assert.equal(t('Plain text.'), 'Plain text.');
    assert.equal(t('Connected to "{0}" with the {1}.', 'demo', 'anon key'), 'Connected to "demo" with the anon key.');
    assert.equal(l10n.t('{0} columns', 3), '3 columns');
  });

  it('substitutes positional placeholders in any order and any number of times', () => {
    assert.equal(format('{1} before {0}, {1} again', 'a', 'b'), 'b before a, b again');
    assert.equal(format('{0} and {1} and {2}', 0, false, ''), '0 and false and ');
  });

  it('leaves placeholders without an argument, and text that only looks like one, as they are', () => {
    assert.equal(format('{0} of {1}', 'x'), 'x of {1}');
    assert.equal(format('{name} {x} {} {0}', 'v'), '{name} {x} {} v');
    assert.equal(format('a $1 $& {0}', '$&'), 'a $1 $& $&');
  });

  it('uses the installed translator with the template and the raw arguments', () => {
    const calls: unknown[][] = [];
    setTranslator((message, ...args) => {
      calls.push([message, ...args]);
      return `[fr] ${format(message.replace('rows', 'lignes'), ...args)}`;
    });
    assert.equal(t('{0} rows', 5), '[fr] 5 lignes');
    assert.equal(l10n.t('Cancel'), '[fr] Cancel');
    assert.deepEqual(calls, [['{0} rows', 5], ['Cancel']]);
  });

  it('restores English when the translator is removed', () => {
    setTranslator(() => 'translated');
    assert.equal(t('Hello {0}', 'x'), 'translated');
    setTranslator(undefined);
    assert.equal(t('Hello {0}', 'x'), 'Hello x');
  });
});
