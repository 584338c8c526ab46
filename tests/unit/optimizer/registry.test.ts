import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PARAMS, isStrategyId, STRATEGY_IDS } from '../../../src/core/optimizer/catalogue';
import { getStrategy, STRATEGIES } from '../../../src/core/optimizer/registry';
import { APPLIERS } from '../../../src/content/appliers/registry';
import { PROOF_METRICS } from '../../../src/core/optimizer/proof';

// Conventions kept by a test: every strategy folder is in the catalogue and registered, titled,
// has an applier, a README row and tests.
const ROOT = join(import.meta.dirname, '../../..');
const strategyFiles = readdirSync(join(ROOT, 'src/core/optimizer/strategies'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const readmeStrategyRows = readFileSync(join(ROOT, 'README.md'), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('| '))
  .map((line) => line.split('|')[1]!.trim());

const REQUIRED_TITLES = [
  'Lazy-load offscreen images',
  'Prioritize the LCP image',
  'Skip rendering offscreen content',
  'Reduce motion',
  'Preconnect to hot origins',
];

describe('strategy registry', () => {
  it('registers exactly the folders in the strategies folder', () => {
    expect([...STRATEGY_IDS].sort()).toEqual([...strategyFiles].sort());
    expect(strategyFiles.length).toBeGreaterThanOrEqual(8);
  });

  for (const id of strategyFiles) {
    describe(id, () => {
      it('is a folder with its meta and its decision', () => {
        expect(readdirSync(join(ROOT, `src/core/optimizer/strategies/${id}`)).sort()).toEqual(['decide.ts', 'meta.ts']);
      });

      it('is registered under its folder name, with a title and a description', () => {
        expect(isStrategyId(id)).toBe(true);
        if (!isStrategyId(id)) return;
        const strategy = getStrategy(id);
        expect(strategy.id).toBe(id);
        expect(strategy.title.trim()).not.toBe('');
        expect(strategy.changes.trim()).not.toBe('');
        expect(strategy.revert.trim()).not.toBe('');
        expect(strategy.expectedMetrics.length).toBeGreaterThan(0);
        for (const metric of strategy.expectedMetrics) expect(PROOF_METRICS).toContain(metric);
        expect(strategy.defaultParams).toBe(DEFAULT_PARAMS[id]);
      });

      it("has a row in the README's strategy table, under its title", () => {
        const title = isStrategyId(id) ? getStrategy(id).title : `(unregistered ${id})`;
        expect(readmeStrategyRows).toContain(title);
      });

      it('has an applier in src/content/appliers, registered under its id', () => {
        expect(existsSync(join(ROOT, `src/content/appliers/${id}.ts`))).toBe(true);
        expect(isStrategyId(id) && APPLIERS[id].id).toBe(id);
      });

      it('has unit tests for its decision and its applier', () => {
        expect(existsSync(join(ROOT, `tests/unit/optimizer/strategies/${id}.test.ts`))).toBe(true);
        expect(existsSync(join(ROOT, `tests/unit/optimizer/appliers/${id}.test.ts`))).toBe(true);
      });
    });
  }

  it('has the titles the issue requires, verbatim and unique', () => {
    const titles = Object.values(STRATEGIES).map((strategy) => strategy.title);
    for (const title of REQUIRED_TITLES) expect(titles).toContain(title);
    expect(new Set(titles).size).toBe(titles.length);
    // Tests find switches by accessible names beginning with the title: no title may prefix another.
    for (const a of titles) for (const b of titles) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });

  it('has no applier without a strategy', () => {
    expect(Object.keys(APPLIERS).sort()).toEqual([...STRATEGY_IDS].sort());
  });

  it('rejects unknown ids', () => {
    expect(isStrategyId('nope')).toBe(false);
    expect(isStrategyId('toString')).toBe(false);
    expect(isStrategyId(42)).toBe(false);
  });
});
