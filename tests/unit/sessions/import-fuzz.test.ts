/**
 * Property-based: whatever a file holds, an import either returns a whole, valid session or
 * throws an ImportError that explains itself — never another exception, never a part.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, it } from 'vitest';
import type { SessionData } from '../../../src/core/model';
import { exportHar } from '../../../src/core/sessions/export/har';
import { exportJson } from '../../../src/core/sessions/export/json';
import { ImportError, importSession, type ImportSource } from '../../../src/core/sessions/import/index';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { SessionDataSchema } from '../../../src/core/sessions/schema';
import { collect, smallSession } from './helpers';

type Outcome = { ok: true; data: SessionData } | { ok: false; error: ImportError };

async function tryImport(source: ImportSource): Promise<Outcome> {
  try {
    return { ok: true, data: await importSession(source, { createId: () => 'fuzz' }) };
  } catch (error) {
    if (!(error instanceof ImportError)) throw new Error(`not an ImportError: ${String(error)}`);
    // The catch-all wrapper means an unexpected exception inside the importer: a bug.
    if (error.message.startsWith('the file could not be imported')) throw new Error(`importer crashed: ${error.message}`);
    return { ok: false, error };
  }
}

function expectValidSession(data: SessionData): void {
  const result = v.safeParse(SessionDataSchema, data, { abortEarly: true });
  if (!result.success) throw new Error(`imported an invalid session: ${JSON.stringify(result.issues[0].path?.map((p) => p.key))}`);
}

/** Every path (object keys and array indexes) in a JSON value, to mutate one of them. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      pathsOf(child, path, out);
    }
  }
  return out;
}

type Mutation = { path: number; op: 'set' | 'delete' | 'wrap'; value: unknown };

/** Applies mutations to a copy of `base`; a path a previous mutation removed is skipped. */
function mutate(base: unknown, paths: (string | number)[][], mutations: Mutation[]): unknown {
  const copy = structuredClone(base);
  for (const mutation of mutations) {
    const path = paths[mutation.path % paths.length];
    if (!path) continue;
    let parent = copy as Record<string | number, unknown> | undefined;
    for (const key of path.slice(0, -1)) {
      const next: unknown = parent?.[key];
      parent = next && typeof next === 'object' ? (next as Record<string | number, unknown>) : undefined;
    }
    const last = path[path.length - 1]!;
    if (!parent || !(last in parent)) continue;
    if (mutation.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (mutation.op === 'wrap') parent[last] = [parent[last]];
    else parent[last] = mutation.value;
  }
  return copy;
}

const mutationArbitrary = fc.record({
  path: fc.nat(),
  op: fc.constantFrom<'set' | 'delete' | 'wrap'>('set', 'delete', 'wrap'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(-1, 1e308, '', 'abc', null, 8.64e15 + 1, Number.MAX_SAFE_INTEGER)),
});

describe('import fuzzing', () => {
  const data = smallSession({ samples: 12, requests: 8, views: 3, alerts: 2, detailedShare: 0.5 });

  it('random JSON never crashes the importer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const outcome = await tryImport(JSON.stringify(value) ?? 'null');
        if (outcome.ok) expectValidSession(outcome.data);
      }),
      { numRuns: 1500, seed: 42 },
    );
  });

  it('random objects shaped like our formats never crash it', async () => {
    const shaped = fc.oneof(
      fc.record({ format: fc.constant('admin-performance-session'), version: fc.oneof(fc.constant(1), fc.jsonValue()) }, { requiredKeys: ['format'] }),
      fc.record({ log: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ entries: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }) })) }),
    );
    await fc.assert(
      fc.asyncProperty(shaped, fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), async (doc, extra) => {
        const outcome = await tryImport(JSON.stringify({ ...extra, ...doc }));
        if (outcome.ok) expectValidSession(outcome.data);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('a mutated JSON export imports whole and valid, or not at all', async () => {
    const base = JSON.parse(await collect(exportJson(exportInputFrom(data), { sanitize: false })));
    const paths = pathsOf(base);
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const doc = mutate(base, paths, mutations) as Record<string, unknown>;
        const outcome = await tryImport(JSON.stringify(doc));
        if (!outcome.ok) return;
        expectValidSession(outcome.data);
        for (const table of ['views', 'samples', 'requests', 'alerts'] as const) {
          if (outcome.data[table].length !== (doc[table] as unknown[]).length) throw new Error(`partial ${table}`);
        }
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('a mutated HAR imports whole and valid, or not at all', async () => {
    const base = JSON.parse(await collect(exportHar(exportInputFrom(data), { sanitize: false })));
    const paths = pathsOf(base);
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const doc = mutate(base, paths, mutations) as { log: { entries: unknown[] } };
        const outcome = await tryImport(JSON.stringify(doc));
        if (!outcome.ok) return;
        expectValidSession(outcome.data);
        if (outcome.data.requests.length !== doc.log.entries.length) throw new Error('partial requests');
      }),
      { numRuns: 800, seed: 13 },
    );
  });

  it('a truncated file is refused (unless only trailing whitespace went)', async () => {
    const texts = [
      await collect(exportJson(exportInputFrom(data), { sanitize: false })),
      await collect(exportHar(exportInputFrom(data), { sanitize: false })),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }), async (which, fraction) => {
        const text = texts[which]!;
        const cut = text.slice(0, Math.floor(fraction * (text.length - 1)));
        const outcome = await tryImport(cut);
        if (outcome.ok !== (cut.trim() === text.trim())) throw new Error(`truncated at ${cut.length}: ok=${outcome.ok}`);
      }),
      { numRuns: 800, seed: 17 },
    );
  });

  it('random bytes are refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 16 }), async (bytes, chunk) => {
        const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
        const outcome = await tryImport(chunks);
        if (outcome.ok) expectValidSession(outcome.data);
      }),
      { numRuns: 500, seed: 19 },
    );
  });
});
