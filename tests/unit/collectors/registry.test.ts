// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTORS, startCollectors } from '../../../src/content/collectors/registry';
import type { Collector, CollectorContext } from '../../../src/content/collectors/types';
import { MethodHints } from '../../../src/content/method-hints';
import { ViewTracker } from '../../../src/content/views';

// Conventions kept by a test: every collector file is registered under its file name.
const ROOT = join(import.meta.dirname, '../../..');
const NOT_COLLECTORS = ['registry.ts', 'types.ts'];
const collectorFiles = readdirSync(join(ROOT, 'src/content/collectors'))
  .filter((name) => name.endsWith('.ts') && !NOT_COLLECTORS.includes(name))
  .map((name) => name.replace(/\.ts$/, ''));

function context(): { ctx: CollectorContext; controller: AbortController } {
  const controller = new AbortController();
  const views = new ViewTracker('page', () => {});
  return { ctx: { views, push: () => {}, methods: new MethodHints(), signal: controller.signal, frames: [] }, controller };
}

describe('collector registry', () => {
  it('registers exactly the files in the collectors folder, each under its file name', () => {
    expect(COLLECTORS.map((collector) => collector.id).sort()).toEqual([...collectorFiles].sort());
    expect(collectorFiles.length).toBeGreaterThanOrEqual(5);
  });

  it('starts soft navigations first, so views are in place before any sample', () => {
    expect(COLLECTORS[0]!.id).toBe('soft-navigations');
  });

  it('contains a collector that throws and still starts the others, with the same context', () => {
    const { ctx, controller } = context();
    const started: string[] = [];
    const seen: CollectorContext[] = [];
    const ok = (id: string): Collector => ({
      id,
      start: (c) => {
        started.push(id);
        seen.push(c);
      },
    });
    const broken: Collector = {
      id: 'broken',
      start: () => {
        throw new Error('no observer here');
      },
    };
    const reported: [string, unknown][] = [];
    startCollectors(ctx, (id, error) => reported.push([id, error]), [ok('a'), broken, ok('b')]);
    expect(started).toEqual(['a', 'b']);
    expect(seen).toEqual([ctx, ctx]);
    expect(reported.map(([id]) => id)).toEqual(['broken']);
    expect((reported[0]![1] as Error).message).toBe('no observer here');
    controller.abort();
  });
});
