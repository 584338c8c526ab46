// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preconnectHotOriginsApplier } from '../../../../src/content/appliers/preconnect-hot-origins';
import { abortAllContexts, contextFor, resetDocument, snapshot } from './dom-fixtures';

const links = () =>
  [...document.head.querySelectorAll('link')].map((link) => `${link.getAttribute('rel')} ${link.getAttribute('href')}${link.hasAttribute('crossorigin') ? ' crossorigin' : ''}`);

describe('preconnect-hot-origins applier', () => {
  beforeEach(() => resetDocument('', '<link rel="preconnect" href="https://fonts.example.net">'));
  afterEach(abortAllContexts);

  it('adds preconnect (per CORS mode) and dns-prefetch links for the hot origins', () => {
    const { ctx } = contextFor<'preconnect-hot-origins'>({
      origins: [
        { origin: 'https://cdn.example.com', anonymous: false, credentialed: true },
        { origin: 'https://api.example.com', anonymous: true, credentialed: true },
        { origin: 'https://fonts.example.net', anonymous: false, credentialed: true }, // the page has it already
        { origin: 'http://localhost:3000', anonymous: false, credentialed: true }, // the page's own origin
        { origin: 'javascript:alert(1)', anonymous: false, credentialed: true },
      ],
    });
    preconnectHotOriginsApplier.apply(ctx);
    expect(links()).toEqual([
      'preconnect https://fonts.example.net',
      'preconnect https://cdn.example.com',
      'dns-prefetch https://cdn.example.com',
      'preconnect https://api.example.com',
      'preconnect https://api.example.com crossorigin',
      'dns-prefetch https://api.example.com',
      'dns-prefetch https://fonts.example.net',
    ]);
  });

  it('removes exactly its links on revert', () => {
    const before = snapshot();
    const { ctx } = contextFor<'preconnect-hot-origins'>({ origins: [{ origin: 'https://cdn.example.com', anonymous: true, credentialed: false }] });
    const revert = preconnectHotOriginsApplier.apply(ctx);
    expect(links()).toContain('preconnect https://cdn.example.com crossorigin');
    revert();
    expect(snapshot()).toEqual(before);
  });
});
