/**
 * The panel writes a trace's requests in a worker with a sanitizer of its own and joins the
 * parts: head + traceRequests + tail (after Sanitizer.add) must be exportTrace's text, byte
 * for byte, with the same removed counts, sanitized or not.
 */
import { describe, expect, it } from 'vitest';
import { createSanitizer, resolveSanitizer } from '../../../src/core/sessions/sanitize';
import { exportTrace, traceParts, traceRequests } from '../../../src/core/sessions/export/trace';
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
        const apart = sanitize ? createSanitizer() : resolveSanitizer({ sanitize: false });
        // The worker's order: its part may finish before or after the head.
        const requests = await collect(traceRequests(exportInputFrom(data).requests, { sanitizer: apart }));
        const head = await collect(parts.head);
        parts.sanitizer.add(apart.removed);
        const tail = await collect(parts.tail());
        expect(head + requests + tail).toBe(expected);
        if (sanitize && name === 'secrets') expect(apart.removed.authHeaders + apart.removed.cookieHeaders + apart.removed.secretParams).toBeGreaterThan(0);
      });
    }
  }

  it('leaves the requests unread when the writer takes them elsewhere', async () => {
    let read = 0;
    const input = exportInputFrom(smallSession());
    const requests = input.requests as unknown[];
    input.requests = {
      *[Symbol.iterator]() {
        for (const request of requests) {
          read++;
          yield request;
        }
      },
    } as typeof input.requests;
    const parts = traceParts(input, { sanitize: true, now: EXPORTED_AT });
    await collect(parts.head);
    await collect(parts.tail());
    expect(read).toBe(0);
  });
});
