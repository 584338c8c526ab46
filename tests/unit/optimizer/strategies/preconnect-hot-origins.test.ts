import { describe, expect, it } from 'vitest';
import type { OriginConnection } from '../../../../src/core/optimizer/input';
import { preconnectHotOrigins } from '../../../../src/core/optimizer/strategies/preconnect-hot-origins/decide';
import { input, inputOn } from '../fixtures';

const connection = (origin: string, connectMs: number, overrides: Partial<OriginConnection> = {}): OriginConnection => ({
  origin,
  connectMs,
  requests: 5,
  anonymous: false,
  credentialed: true,
  untimed: 0,
  ...overrides,
});

describe('preconnect-hot-origins', () => {
  const connections = [
    connection('https://cdn.example.com', 240),
    connection('https://api.example.com', 180, { anonymous: true, credentialed: false }),
    connection('https://fonts.example.net', 10),
  ];

  it('applies to origins with slow connection setup, naming them', () => {
    const assessment = preconnectHotOrigins.assess(input({ connections }));
    expect(assessment).toMatchObject({ applies: true, impact: 'high' });
    expect(assessment.reason).toBe('cdn.example.com and api.example.com spend 420 ms per load setting up connections; preconnecting opens them while the HTML loads');
  });

  it('passes only the hot origins, with their CORS mode', () => {
    expect(preconnectHotOrigins.params(input({ connections })).origins).toEqual([
      { origin: 'https://cdn.example.com', anonymous: false, credentialed: true },
      { origin: 'https://api.example.com', anonymous: true, credentialed: false },
    ]);
  });

  it('does not apply when connections are quick', () => {
    const assessment = preconnectHotOrigins.assess(input({ connections: [connection('https://cdn.example.com', 35)] }));
    expect(assessment).toEqual({ applies: false, reason: 'Connections to other origins are quick (at most 35 ms per load)' });
  });

  it('counts the same setup as hot on a 3g connection', () => {
    expect(preconnectHotOrigins.assess(inputOn({ effectiveType: '3g' }, { connections: [connection('https://cdn.example.com', 35)] })).applies).toBe(true);
  });

  it('does not apply when everything is same-origin', () => {
    expect(preconnectHotOrigins.assess(input()).reason).toMatch(/its own origin/);
  });

  it('says when other origins hide their timing', () => {
    const assessment = preconnectHotOrigins.assess(input({ connections: [connection('https://cdn.example.com', 0, { untimed: 5 })] }));
    expect(assessment.reason).toMatch(/cdn.example.com expose no connection timing/);
  });
});
