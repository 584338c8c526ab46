import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// src/core must run in Node and in a command-line tool: it may not touch a browser API.
const CORE = join(import.meta.dirname, '../../src/core');
const FORBIDDEN_IMPORTS = /from\s+['"](webextension-polyfill|idb|react|react-dom|zustand|uplot|web-vitals|@tanstack\/[^'"]+)['"]|from\s+['"][^'"]*\/(content|background|panel|page)\//;
const FORBIDDEN_GLOBALS = /\b(chrome|browser|window|document|navigator|indexedDB|localStorage)\s*\./;

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.tsx?$/.test(name)) yield path;
  }
}

describe('src/core purity', () => {
  const files = [...walk(CORE)];
  it('has files to check', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(`${relative(CORE, file)} imports no browser API`, () => {
      const source = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      const imports = readFileSync(file, 'utf8').match(/from\s+['"][^'"]+['"]/g) ?? [];
      for (const line of imports) expect(line, `${file}: ${line}`).not.toMatch(FORBIDDEN_IMPORTS);
      expect(source, `${file} uses a browser global`).not.toMatch(FORBIDDEN_GLOBALS);
    });
  }
});
