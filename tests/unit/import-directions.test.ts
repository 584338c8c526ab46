import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// Which context may import which: the rooms of src/ and the directions between them.
const SRC = resolve(import.meta.dirname, '../../src');

type Room = 'core' | 'shared' | 'storage' | 'background' | 'content' | 'page' | 'panel';

/** For each room, the rooms it must never import. */
const FORBIDDEN: Record<Room, readonly Room[]> = {
  core: ['shared', 'storage', 'background', 'content', 'page', 'panel'],
  shared: ['storage', 'background', 'content', 'page', 'panel'],
  storage: ['background', 'content', 'page', 'panel'],
  background: ['content', 'page', 'panel'],
  content: ['background', 'panel', 'storage'],
  page: ['background', 'content', 'panel', 'storage'],
  panel: ['background', 'content', 'page'],
};

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.tsx?$/.test(name)) yield path;
  }
}

const roomOf = (file: string): Room | null => {
  const top = relative(SRC, file).split(sep)[0] as Room;
  return top in FORBIDDEN ? top : null;
};

/**
 * Every relative module a file imports or re-exports, statically or with import(). A `?script`
 * import (the background registering a content script) yields the built file's name, not the
 * module's code, so it is no import of that room.
 */
function importedPaths(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) found.push(match[1]!);
  return found.filter((path) => path.startsWith('.') && !/\?script(&|$)/.test(path));
}

describe('import directions between the rooms of src/', () => {
  const files = [...walk(SRC)].filter((file) => roomOf(file));
  it('has files in every room', () => {
    for (const room of Object.keys(FORBIDDEN)) expect(files.some((f) => roomOf(f) === room), room).toBe(true);
  });
  it('finds static, re-export and dynamic imports (the checker itself)', () => {
    const sample = "import a from '../background/x';\nexport { b } from './y';\nconst c = await import('../panel/z');\n// import d from '../page/no';\nimport e from '../page/main.ts?script&iife';";
    expect(importedPaths(sample)).toEqual(['../background/x', './y', '../panel/z']);
  });
  for (const file of files) {
    const room = roomOf(file)!;
    it(`${relative(SRC, file)} imports no room that ${room} must not`, () => {
      for (const path of importedPaths(readFileSync(file, 'utf8'))) {
        const target = roomOf(resolve(dirname(file), path));
        expect(FORBIDDEN[room].includes(target!), `${relative(SRC, file)} (${room}) imports ${path} (${target})`).toBe(false);
      }
    });
  }
});
