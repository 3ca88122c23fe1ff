// The webviews' localization seam: English without a bundle, lookups by the English template,
// `{n}` placeholders filled after translation, and a bundle that can be replaced or removed.
import assert from 'node:assert/strict';
import { format, hasBundle, l10n, setBundle } from '../../../webview/shared/l10n';

describe('webview l10n', () => {
  afterEach(() => setBundle(undefined));

  it('formats the English template without a bundle', () => {
    assert.equal(hasBundle(), false);
    assert.equal(l10n.t('Run'), 'Run');
    assert.equal(l10n.t('{0} of {1} rows', 5, 10), '5 of 10 rows');
  });

  it('looks messages up in the bundle by their English template', () => {
    setBundle({ Run: 'Ausführen', '{0} of {1} rows': '{0} von {1} Zeilen' });
    assert.equal(hasBundle(), true);
    assert.equal(l10n.t('Run'), 'Ausführen');
    assert.equal(l10n.t('{0} of {1} rows', 5, 10), '5 von 10 Zeilen');
    // A message the bundle lacks stays English.
    assert.equal(l10n.t('Cancel'), 'Cancel');
  });

  it('fills placeholders in any order, leaves missing ones and does not re-expand argument text', () => {
    setBundle({ 'Saving {0} of {1}…': '{1}: {0} wird gespeichert…' });
    assert.equal(l10n.t('Saving {0} of {1}…', 'a', 'b'), 'b: a wird gespeichert…');
    assert.equal(format('{0} and {1}', 'x'), 'x and {1}');
    assert.equal(format('{0}', '{1}', 'y'), '{1}');
    assert.equal(format('{0} {0}', true), 'true true');
  });

  it('ignores non-string entries and inherited keys; undefined restores English', () => {
    setBundle({ Run: 7, toString: 'x' } as unknown as Record<string, string>);
    assert.equal(l10n.t('Run'), 'Run');
    assert.equal(l10n.t('constructor'), 'constructor');
    setBundle({ Run: 'Exécuter' });
    assert.equal(l10n.t('Run'), 'Exécuter');
    setBundle(undefined);
    assert.equal(l10n.t('Run'), 'Run');
  });
});
