/**
 * Two open-source admin templates that no one in this project wrote, served locally for the
 * capture-cost benchmark: startbootstrap-sb-admin-2 (static jQuery/Bootstrap 4 pages) and
 * gentelella 4 (a Vite build). Both are dev dependencies, served from node_modules as they ship.
 *
 *   const app = await startAppServer(THIRD_PARTY_APPS[0]);   // { url, close() }
 *   await isolateFromNetwork(context, log);                    // nothing leaves the machine
 *
 * Their CDN references (Google Fonts, Unsplash, ...) never reach the network: the browser
 * context answers every request to a host other than this machine with an empty local
 * response, and logs it. Launch the browser with OFFLINE_RESOLVER_FLAG as well, so that even a
 * request Playwright's routing does not see (the browser's own) cannot resolve an outside host.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './browser.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Each app: the folder it is served from, its pages, and the click of the scripted workload on
 * each page (a sidebar menu that opens, or a table header that sorts).
 */
export const THIRD_PARTY_APPS = [
  {
    id: 'sb-admin-2',
    root: 'node_modules/startbootstrap-sb-admin-2',
    pages: [
      { path: '/index.html', click: 'a[data-target="#collapseTwo"]' },
      { path: '/tables.html', click: '#dataTable thead th:nth-child(2)' },
      { path: '/charts.html', click: 'a[data-target="#collapseUtilities"]' },
    ],
  },
  {
    id: 'gentelella',
    root: 'node_modules/gentelella/dist',
    // The app registers /sw.js on load; a page service worker would make later runs differ
    // from the first (cache-first), so it is answered 404 here, for both arms alike.
    blocked: ['/sw.js'],
    pages: [
      { path: '/production/index.html', click: '.sidebar-nav .nav-toggle[aria-expanded="false"]' },
      { path: '/production/tables_dynamic.html', click: 'table[data-datatable] thead th:nth-child(2)' },
      { path: '/production/chartjs.html', click: '.sidebar-nav .nav-toggle[aria-expanded="false"]' },
    ],
  },
];

/** An empty page on the app's origin: the workload starts there, so the profiler stays in one renderer. */
export const BLANK_PATH = '/__blank';

/** Host rules for Chromium: every name resolves to nothing except this machine's. */
export const OFFLINE_RESOLVER_FLAG = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1';

/** Serves one app's folder as it ships (no rewriting), on 127.0.0.1 and a free port. */
export function startAppServer(app, { port = 0 } = {}) {
  const root = path.join(ROOT, app.root);
  if (!fs.existsSync(root)) throw new Error(`${app.id} is not installed (${app.root} is missing): it is a dev dependency, run npm install.`);
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pathname === BLANK_PATH) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>blank</title>');
      return;
    }
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if ((app.blocked ?? []).includes(pathname) || !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    fs.readFile(file, (error, body) => {
      if (error) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * Answers every request of the context to another host locally: a stylesheet an empty CSS,
 * anything else 204. Each such request is appended to log (url), so a caller can show that
 * all of them were answered here. Requests to this machine and to the extension pass.
 */
export async function isolateFromNetwork(context, log) {
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') && !LOCAL_HOSTS.has(url.hostname),
    (route) => {
      const request = route.request();
      log.push(request.url());
      if (request.resourceType() === 'stylesheet') return route.fulfill({ status: 200, contentType: 'text/css', body: '' });
      return route.fulfill({ status: 204, body: '' });
    },
  );
}
