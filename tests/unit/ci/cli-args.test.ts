import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCiArgs } from '../../../scripts/ci';

const here = new URL(import.meta.url).pathname;

describe('admin-performance ci arguments', () => {
  it('reads every flag, with defaults', () => {
    expect(existsSync(here)).toBe(true);
    expect(parseCiArgs(['--url', 'http://127.0.0.1:5178/users', '--runs=7', '--junit', 'j.xml', '--baseline', here])).toEqual({
      url: 'http://127.0.0.1:5178/users',
      flowFile: null,
      runs: 7,
      budgetFile: null,
      baselineFile: here,
      saveBaseline: null,
      junit: 'j.xml',
      json: null,
      out: 'admin-performance-ci',
      settleMs: 1500,
    });
    expect(parseCiArgs(['--help'])).toBe('help');
  });

  it('names the flag that is wrong', () => {
    const cases: [string[], string][] = [
      [['--url', 'http://a/', '--rnus', '3'], 'unknown flag --rnus'],
      [['--url', 'http://a/', '--runs'], '--runs needs a value'],
      [['--url', 'http://a/', '--runs', '--json'], '--runs needs a value'],
      [['--url', 'http://a/', '--runs', '0'], '--runs must be a whole number from 1 to 50 (got "0")'],
      [['--url', 'http://a/', '--runs', '2.5'], '--runs must be a whole number from 1 to 50 (got "2.5")'],
      [['--url', 'http://a/', '--url', 'http://b/'], '--url is given twice'],
      [['--runs', '3'], '--url is required'],
      [['--url', 'not a url'], '--url "not a url" is not a URL'],
      [['--url', 'file:///etc/passwd'], '--url must be http or https (got file:)'],
      [['--url', 'http://a/', '--budget', 'missing-budget.json'], '--budget missing-budget.json: no such file'],
      [['--url', 'http://a/', 'stray'], 'unexpected argument "stray"'],
    ];
    for (const [argv, message] of cases) expect(() => parseCiArgs(argv), argv.join(' ')).toThrow(message);
  });
});
