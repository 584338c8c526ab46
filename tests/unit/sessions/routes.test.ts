import { describe, expect, it } from 'vitest';
import { endpointName, originOf, pathOf, routeTemplate } from '../../../src/core/sessions/routes';

describe('route templates', () => {
  it.each([
    ['https://a.test/api/users/123', '/api/users/:id'],
    ['https://a.test/api/users/123/orders/9?page=2#x', '/api/users/:id/orders/:id'],
    ['https://a.test/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301', '/api/orders/:id'],
    ['https://a.test/api/reports/507f1f77bcf86cd799439011', '/api/reports/:id'],
    ['https://a.test/static/app.3f9a8b7c.js', '/static/app.:hash.js'],
    ['https://a.test/static/chunk-9d8e7f6a12.css', '/static/chunk-:hash.css'],
    ['https://a.test/api/users/me', '/api/users/me'],
    ['https://a.test/api/v2/items', '/api/v2/items'],
    ['https://a.test', '/'],
    ['/relative/42?x=1', '/relative/:id'],
    ['https://a.test/blog/deadbeefcafe', '/blog/deadbeefcafe'],
  ])('%s -> %s', (url, template) => {
    expect(routeTemplate(url)).toBe(template);
  });

  it('splits origins and paths of absolute and relative URLs', () => {
    expect(originOf('https://user@a.test:8443/x?y')).toBe('https://user@a.test:8443');
    expect(originOf('/x')).toBe('');
    expect(pathOf('https://a.test/x/y?z#w')).toBe('/x/y');
  });

  // One implementation serves sessions and the simulator: what each copy handled before.
  it.each([
    ['/api/files/42.json', '/api/files/:id.json'],
    ['/api/users/%31%32', '/api/users/:id'],
    ['/api/search/a%2Fb', '/api/search/a%2Fb'],
    ['/api/builds/3f9a8b7c', '/api/builds/:id'],
    ['/api/facade/deadbeef', '/api/facade/deadbeef'],
  ])('merged rules: %s -> %s', (url, template) => {
    expect(routeTemplate(url)).toBe(template);
  });

  it('names endpoints with the method in front when known', () => {
    expect(endpointName('https://a.test/api/users/7?x=1', 'get')).toBe('GET /api/users/:id');
    expect(endpointName('/api/users/7')).toBe('/api/users/:id');
  });
});
