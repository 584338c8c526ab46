/**
 * The panel writes a trace's samples and requests in workers, each with a sanitizer of its own,
 * and joins the parts: head + traceSamples + traceRequests + tail (after Sanitizer.add) must be
 * exportTrace's text, byte for byte, with the same removed counts, sanitized or not.
 */
import { describe, expect, it } from 'vitest';
import { createSanitizer, resolveSanitizer } from '../../../src/core/sessions/sanitize';
import { exportTrace, traceParts, traceRequests, traceSamples } from '../../../src/core/sessions/export/trace';
import { exportInputFrom } from '../../../src/core/sessions/types';
import { createSecretSession } from '../../fixtures/sessions/secrets';
import { collect, EXPORTED_AT, smallSession } from './helpers';

describe('a trace written in parts', () => {
  for (const [name, data] of [
    ['secrets', createSecretSession()],
    ['synthetic', smallSession({ views: 4 })],
  ] as const) {
    for (const sanitize of [true, false]) {
      it(`joins into exportTrace's text (${name}, ${sanitize ? 'sanitized' : 'full'})`, async () => {
        const whole = exportTrace(exportInputFrom(data), { sanitize, now: EXPORTED_AT });
        const expected = await collect(whole);

        const parts = traceParts(exportInputFrom(data), { sanitize, now: EXPORTED_AT });
        const own = () => (sanitize ? createSanitizer() : resolveSanitizer({ sanitize: false }));
        const apart = { samples: own(), requests: own() };
        // The workers' order: their parts may finish before or after the head.
        const requests = await collect(traceRequests(exportInputFrom(data).requests, { sanitizer: apart.requests }));
        const samples = await collect(traceSamples(exportInputFrom(data).samples, { sanitizer: apart.samples }));
        const head = await collect(parts.head);
        parts.sanitizer.add(apart.samples.removed);
        parts.sanitizer.add(apart.requests.removed);
        const tail = await collect(parts.tail());
        expect(head + samples + requests + tail).toBe(expected);
        // Joined the same way from the parts' own streams (nothing apart).
        const whole2 = traceParts(exportInputFrom(data), { sanitize, now: EXPORTED_AT });
        expect((await collect(whole2.head)) + (await collect(whole2.samples)) + (await collect(whole2.requests)) + (await collect(whole2.tail()))).toBe(expected);
        if (sanitize && name === 'secrets') expect(apart.requests.removed.authHeaders + apart.requests.removed.cookieHeaders + apart.requests.removed.secretParams).toBeGreaterThan(0);
      });
    }
  }

  it('leaves the samples and requests unread when the writer takes them elsewhere', async () => {
    let read = 0;
    const input = exportInputFrom(smallSession());
    const counted = <T>(items: Iterable<T>): Iterable<T> => ({
      *[Symbol.iterator]() {
        for (const item of items) {
          read++;
          yield item;
        }
      },
    });
    input.requests = counted(input.requests as Iterable<never>) as typeof input.requests;
    input.samples = counted(input.samples as Iterable<never>) as typeof input.samples;
    const parts = traceParts(input, { sanitize: true, now: EXPORTED_AT });
    await collect(parts.head);
    await collect(parts.tail());
    expect(read).toBe(0);
  });
});
