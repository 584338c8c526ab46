#!/usr/bin/env node
/**
 * Demo admin app server: the SPA that `npm start` opens, and the fixture of the end-to-end
 * tests and benchmarks. Node built-ins only (http, zlib, crypto, fs, path, url).
 *
 *   import { startDemoServer } from './scripts/demo-server.mjs';
 *   const demo = await startDemoServer({ port: 0, latencyScale: 1 });  // { url, port, close() }
 *
 *   node scripts/demo-server.mjs [--port 5178] [--host 127.0.0.1] [--latency-scale 1]
 *   (or PORT / HOST / DEMO_LATENCY_SCALE in the environment)
 *
 * All data is deterministic (seeded). Simulated server latency is a seeded function of the
 * request (method + path + query), so the same request always waits the same time, scaled by
 * `latencyScale` (0 disables it). See tests/fixtures/demo-app/README.md for the full API.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const APP_ROOT = path.resolve(HERE, '..', 'tests', 'fixtures', 'demo-app');
export const DEFAULT_PORT = 5178;

/** SPA routes (history-API fallback serves index.html for every non-API, non-asset path). */
export const SPA_ROUTES = ['/', '/users', '/forms', '/reports', '/shifts', '/settings'];

/** Strict policy of /stress/csp. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'";

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg\+xml)/;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** 32-bit FNV-1a hash of a string. */
export function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32 PRNG: returns a function giving floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

// ---------------------------------------------------------------------------------------------
// Data set

const FIRST = ['Ava', 'Liam', 'Noah', 'Emma', 'Olivia', 'Mia', 'Lucas', 'Sofia', 'Amir', 'Yuki', 'Chen',
  'Priya', 'Mateo', 'Zoe', 'Ethan', 'Isla', 'Omar', 'Leila', 'Hugo', 'Nora', 'Ivan', 'Aisha', 'Jonas',
  'Elena', 'Kofi', 'Maya', 'Ravi', 'Lena', 'Diego', 'Hana', 'Felix', 'Ines', 'Tariq', 'Freya', 'Kenji',
  'Anya', 'Pablo', 'Sara', 'Malik', 'Clara', 'Arjun', 'Ruth', 'Theo', 'Vera', 'Samir', 'Ida'];
const LAST = ['Smith', 'Garcia', 'Chen', 'Kowalski', 'Okafor', 'Nakamura', 'Silva', 'Müller', 'Rossi',
  'Haddad', 'Novak', 'Patel', 'Johansson', 'Dubois', 'Kim', 'Ivanova', 'Mensah', 'Lopez', 'Fischer',
  'Tanaka', 'Nguyen', 'Costa', 'Larsen', 'Ahmed', 'Moreau', 'Brown', 'Singh', 'Weber', 'Hansen', 'Reyes',
  'Yilmaz', 'Popescu', 'Andersen', 'Santos', 'Klein', 'Abara', 'Lindqvist', 'Horvat', 'Ortiz', 'Sato'];
const DOMAINS = ['example.com', 'acme.test', 'northwind.test', 'contoso.test', 'globex.test'];
export const ROLES = ['admin', 'editor', 'viewer', 'billing', 'support'];
export const STATUSES = ['active', 'invited', 'suspended', 'disabled'];
const TEAMS = ['Platform', 'Growth', 'Payments', 'Support', 'Data', 'Mobile', 'Security', 'Ops'];
const CITIES = ['Berlin', 'Lisbon', 'Toronto', 'Osaka', 'Nairobi', 'Austin', 'Warsaw', 'Lyon', 'Pune', 'Oslo'];
const PRODUCTS = ['Desk Lamp', 'Ergo Chair', 'Standing Desk', 'Monitor Arm', 'USB-C Dock', 'Headset',
  'Webcam', 'Keyboard', 'Mouse', 'Cable Kit', 'Notebook', 'Backpack', 'Water Bottle', 'Plant Pot',
  'Whiteboard', 'Footrest', 'Desk Mat', 'Laptop Stand', 'Speaker', 'Charger', 'Router', 'SSD 1TB',
  'Tablet Case', 'Light Bar'];
const ORDER_STATUSES = ['paid', 'pending', 'shipped', 'refunded', 'cancelled'];
const AUDIT_ACTIONS = ['user.login', 'user.logout', 'user.create', 'user.update', 'role.change',
  'settings.update', 'export.csv', 'invoice.issue', 'api_key.rotate', 'password.reset'];

/** The fixed clock of the data set: every date is relative to it (2026-01-15T12:00:00Z). */
export const DATA_EPOCH = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 86_400_000;

export const BASE_USER_COUNT = 5_250;
export const ORDER_COUNT = 2_400;
export const AUDIT_COUNT = 1_500;

function makeUser(id) {
  const rnd = mulberry32(hashString(`user:${id}`));
  const first = pick(rnd, FIRST);
  const last = pick(rnd, LAST);
  const createdAt = DATA_EPOCH - Math.floor(rnd() * 900 * DAY);
  const lastLogin = Math.min(DATA_EPOCH, createdAt + Math.floor(rnd() * (DATA_EPOCH - createdAt)));
  const r = rnd();
  const role = r < 0.05 ? 'admin' : r < 0.25 ? 'editor' : r < 0.8 ? 'viewer' : r < 0.9 ? 'billing' : 'support';
  const s = rnd();
  const status = s < 0.78 ? 'active' : s < 0.88 ? 'invited' : s < 0.96 ? 'suspended' : 'disabled';
  const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
  return {
    id,
    name: `${first} ${last}`,
    email: `${local}${id}@${pick(rnd, DOMAINS)}`,
    role,
    status,
    lastLogin: status === 'invited' ? null : new Date(lastLogin).toISOString(),
    createdAt: new Date(createdAt).toISOString(),
  };
}

function userDetail(user) {
  const rnd = mulberry32(hashString(`detail:${user.id}`));
  const activity = [];
  let t = user.lastLogin ? Date.parse(user.lastLogin) : Date.parse(user.createdAt);
  for (let i = 0; i < 8; i++) {
    activity.push({ at: new Date(t).toISOString(), action: pick(rnd, AUDIT_ACTIONS), ip: `10.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}` });
    t -= Math.floor(rnd() * 6 * DAY);
  }
  return {
    ...user,
    team: pick(rnd, TEAMS),
    city: pick(rnd, CITIES),
    phone: `+1-555-${String(Math.floor(rnd() * 9000) + 1000)}`,
    mfa: rnd() < 0.7,
    sessions: Math.floor(rnd() * 6),
    avatar: `/img/avatar-${user.id}.png?w=96&h=96&seed=${user.id}`,
    activity,
  };
}

function makeOrder(id) {
  const rnd = mulberry32(hashString(`order:${id}`));
  const qty = 1 + Math.floor(rnd() * 5);
  const price = Math.round((9 + rnd() * 490) * 100) / 100;
  return {
    id,
    number: `SO-${String(100000 + id)}`,
    customerId: 1 + Math.floor(rnd() * BASE_USER_COUNT),
    product: pick(rnd, PRODUCTS),
    quantity: qty,
    total: Math.round(qty * price * 100) / 100,
    currency: 'USD',
    status: pick(rnd, ORDER_STATUSES),
    createdAt: new Date(DATA_EPOCH - Math.floor(((ORDER_COUNT - id) / ORDER_COUNT) * 120 * DAY) - Math.floor(rnd() * DAY)).toISOString(),
  };
}

function makeAudit(id) {
  const rnd = mulberry32(hashString(`audit:${id}`));
  return {
    id,
    at: new Date(DATA_EPOCH - (AUDIT_COUNT - id) * 37 * 60_000).toISOString(),
    actorId: 1 + Math.floor(rnd() * BASE_USER_COUNT),
    action: pick(rnd, AUDIT_ACTIONS),
    target: `${pick(rnd, ['user', 'order', 'invoice', 'team'])}:${1 + Math.floor(rnd() * 5000)}`,
    ip: `192.168.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}`,
    result: rnd() < 0.93 ? 'ok' : 'denied',
  };
}

function makeStats() {
  const rnd = mulberry32(hashString('stats'));
  const days = 30;
  const revenue = [];
  const signups = [];
  const sessions = [];
  for (let i = 0; i < days; i++) {
    const date = new Date(DATA_EPOCH - (days - 1 - i) * DAY).toISOString().slice(0, 10);
    const weekly = 1 + 0.25 * Math.sin((i / 7) * Math.PI * 2);
    revenue.push({ date, value: Math.round((42_000 + i * 650) * weekly + rnd() * 6_000) });
    signups.push({ date, value: Math.round((120 + i * 3) * weekly + rnd() * 40) });
    sessions.push({ date, value: Math.round((8_000 + i * 90) * weekly + rnd() * 1_500) });
  }
  const byStatus = {};
  for (const s of ORDER_STATUSES) byStatus[s] = 0;
  for (let i = 1; i <= ORDER_COUNT; i++) byStatus[makeOrder(i).status]++;
  const revenue30 = revenue.reduce((a, p) => a + p.value, 0);
  return {
    generatedAt: new Date(DATA_EPOCH).toISOString(),
    kpis: [
      { id: 'revenue', label: 'Revenue (30 d)', value: revenue30, unit: 'USD', change: 0.124 },
      { id: 'users', label: 'Active users', value: 4_112, unit: '', change: 0.036 },
      { id: 'orders', label: 'Orders (30 d)', value: ORDER_COUNT, unit: '', change: -0.018 },
      { id: 'conversion', label: 'Conversion', value: 0.0342, unit: '%', change: 0.004 },
      { id: 'tickets', label: 'Open tickets', value: 87, unit: '', change: -0.12 },
      { id: 'uptime', label: 'Uptime', value: 0.9994, unit: '%', change: 0.0001 },
    ],
    series: { revenue, signups, sessions },
    ordersByStatus: ORDER_STATUSES.map((status) => ({ status, count: byStatus[status] })),
    trafficSources: [
      { source: 'Direct', share: 0.38 },
      { source: 'Search', share: 0.29 },
      { source: 'Referral', share: 0.14 },
      { source: 'Email', share: 0.11 },
      { source: 'Social', share: 0.08 },
    ],
  };
}

function makeRecommendations() {
  const rnd = mulberry32(hashString('recommendations'));
  const items = [];
  for (let i = 0; i < 8; i++) {
    const product = PRODUCTS[(i * 5) % PRODUCTS.length];
    items.push({
      id: `rec-${i + 1}`,
      title: `Bundle ${product} with ${PRODUCTS[(i * 7 + 3) % PRODUCTS.length]}`,
      reason: pick(rnd, ['Frequently bought together', 'Trending in your region', 'Low stock soon', 'High margin', 'Seasonal demand']),
      score: Math.round((0.55 + rnd() * 0.44) * 100) / 100,
      uplift: Math.round(rnd() * 180) / 10,
      image: `/img/rec-${i + 1}.png?w=160&h=120&seed=${100 + i}`,
    });
  }
  return { model: 'collab-filter-v3', items };
}

function createStore() {
  const users = [];
  for (let id = 1; id <= BASE_USER_COUNT; id++) users.push(makeUser(id));
  const orders = [];
  for (let id = 1; id <= ORDER_COUNT; id++) orders.push(makeOrder(id));
  const audit = [];
  for (let id = AUDIT_COUNT; id >= 1; id--) audit.push(makeAudit(id)); // newest first
  return {
    users,
    emails: new Set(users.map((u) => u.email.toLowerCase())),
    nextUserId: BASE_USER_COUNT + 1,
    orders: orders.reverse(), // newest first
    audit,
    stats: makeStats(),
    recommendations: makeRecommendations(),
    settings: { orgName: 'Acme Corp', timezone: 'UTC', weeklyDigest: true, securityAlerts: true },
  };
}

// ---------------------------------------------------------------------------------------------
// PNG encoder

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf, crc = 0) {
  let c = ~crc >>> 0;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Encodes 8-bit RGB pixels (Uint8Array of width*height*3) as a PNG. Each row uses the Sub or Up
 * filter, whichever gives the smaller sum of absolute residuals.
 */
export function encodePng(width, height, rgb) {
  const rowBytes = width * 3;
  const stride = rowBytes + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    const prev = row - rowBytes;
    let sumSub = 0;
    let sumUp = 0;
    for (let i = 0; i < rowBytes; i++) {
      const v = rgb[row + i];
      const ds = (v - (i >= 3 ? rgb[row + i - 3] : 0)) & 255;
      const du = (v - (y > 0 ? rgb[prev + i] : 0)) & 255;
      sumSub += ds < 128 ? ds : 256 - ds;
      sumUp += du < 128 ? du : 256 - du;
    }
    const up = y > 0 && sumUp < sumSub;
    const o = y * stride;
    raw[o] = up ? 2 : 1;
    for (let i = 0; i < rowBytes; i++) {
      const ref = up ? rgb[prev + i] : i >= 3 ? rgb[row + i - 3] : 0;
      raw[o + 1 + i] = (rgb[row + i] - ref) & 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function hsl(h, s, l) {
  const a = s * Math.min(l, 1 - l);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}

/**
 * Deterministic picture: a two-colour diagonal gradient, a soft "object" (disc) or, for wide
 * images, layered hills, and low-amplitude grain in 2×2 blocks so the file has a realistic size
 * (about 45 KB at 400×300, 220 KB at 1440×480).
 */
export function renderImage(name, width, height, seed) {
  const rnd = mulberry32(hashString(`${name}:${seed}`));
  const hue = rnd() * 360;
  const c1 = hsl(hue, 0.55, 0.72);
  const c2 = hsl((hue + 40 + rnd() * 80) % 360, 0.6, 0.45);
  const c3 = hsl((hue + 180) % 360, 0.5, 0.55);
  const px = new Uint8Array(width * height * 3);
  const tiny = width * height <= 64;
  const bw = Math.ceil(width / 2);
  const grain = new Int8Array(tiny ? 0 : bw * Math.ceil(height / 2));
  for (let i = 0; i < grain.length; i++) grain[i] = Math.floor(rnd() * 5) - 2;
  const wide = width >= height * 2;
  const cx = width * (0.35 + rnd() * 0.3);
  const cy = height * (0.4 + rnd() * 0.2);
  const radius = Math.min(width, height) * (0.22 + rnd() * 0.12);
  const phase = rnd() * 10;
  for (let y = 0; y < height; y++) {
    const gy = (y >> 1) * bw;
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      let r = c1[0] + (c2[0] - c1[0]) * t;
      let g = c1[1] + (c2[1] - c1[1]) * t;
      let b = c1[2] + (c2[2] - c1[2]) * t;
      let mix = 0;
      if (wide) {
        const hill1 = height * (0.62 + 0.12 * Math.sin(x / width * 6 + phase));
        const hill2 = height * (0.78 + 0.08 * Math.sin(x / width * 11 + phase * 2));
        if (y > hill2) mix = 0.8;
        else if (y > hill1) mix = 0.45;
      } else {
        const dx = x - cx;
        const dy = y - cy;
        const d = Math.sqrt(dx * dx + dy * dy) / radius;
        if (d < 1) mix = 0.85 - 0.35 * d * d;
      }
      if (mix) {
        r += (c3[0] - r) * mix;
        g += (c3[1] - g) * mix;
        b += (c3[2] - b) * mix;
      }
      const n = tiny ? 0 : grain[gy + (x >> 1)];
      const o = (y * width + x) * 3;
      px[o] = r + n < 0 ? 0 : r + n > 255 ? 255 : r + n;
      px[o + 1] = g + n < 0 ? 0 : g + n > 255 ? 255 : g + n;
      px[o + 2] = b + n < 0 ? 0 : b + n > 255 ? 255 : b + n;
    }
  }
  return encodePng(width, height, px);
}

// ---------------------------------------------------------------------------------------------
// Helpers

function parseIntParam(value, fallback, min, max) {
  const n = Number.parseInt(value ?? '', 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

const LATENCY = {
  users: [80, 200],
  user: [60, 140],
  createUser: [120, 220],
  orders: [80, 180],
  stats: [100, 200],
  audit: [60, 160],
  recommendations: [760, 840],
  settings: [60, 120],
  image: [10, 60],
};

/** Seeded latency in ms for a request: the same request always gets the same value. */
export function simulatedLatency(kind, key) {
  const [min, max] = LATENCY[kind] ?? [50, 150];
  const rnd = mulberry32(hashString(`${kind}|${key}`));
  return Math.round(min + rnd() * (max - min));
}

function serverTiming(totalMs, key) {
  const rnd = mulberry32(hashString(`db|${key}`));
  const db = totalMs * (0.45 + rnd() * 0.3);
  return `app;dur=${totalMs.toFixed(1)};desc="handler", db;dur=${db.toFixed(1)}`;
}

const sleep = (ms) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function acceptsGzip(req) {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

/** Sends a body (Buffer or string), gzipped when worth it and accepted. */
function send(req, res, status, headers, body, { compress = true } = {}) {
  let buf = typeof body === 'string' ? Buffer.from(body) : body;
  const h = { 'Timing-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff', ...headers };
  const type = String(h['Content-Type'] ?? '');
  if (compress && buf.length >= 1024 && COMPRESSIBLE.test(type)) {
    h.Vary = 'Accept-Encoding';
    if (acceptsGzip(req)) {
      buf = zlib.gzipSync(buf, { level: 6 });
      h['Content-Encoding'] = 'gzip';
    }
  }
  h['Content-Length'] = buf.length;
  res.writeHead(status, h);
  res.end(req.method === 'HEAD' ? undefined : buf);
}

function readCookie(req, name) {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim()) || null;
  }
  return null;
}

function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error('Payload too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(req, text) {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!text.trim()) return {};
  return JSON.parse(text);
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Server-side validation of POST /api/users; returns {field: message}. */
export function validateNewUser(input, emails) {
  const errors = {};
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const email = typeof input.email === 'string' ? input.email.trim() : '';
  if (name.length < 2) errors.name = 'Name must be at least 2 characters.';
  else if (name.length > 80) errors.name = 'Name must be at most 80 characters.';
  if (!EMAIL_RE.test(email)) errors.email = 'Enter a valid email address.';
  else if (emails.has(email.toLowerCase())) errors.email = 'A user with this email already exists.';
  else if (/@(example\.invalid|blocked\.test)$/i.test(email)) errors.email = 'This email domain is not allowed.';
  if (!ROLES.includes(input.role)) errors.role = `Role must be one of: ${ROLES.join(', ')}.`;
  if (input.status !== undefined && input.status !== '' && !STATUSES.includes(input.status)) errors.status = `Status must be one of: ${STATUSES.join(', ')}.`;
  return errors;
}

function paginate(list, url, defSize = 50, maxSize = 500) {
  const size = parseIntParam(url.searchParams.get('size'), defSize, 1, maxSize);
  const total = list.length;
  const totalPages = Math.max(1, Math.ceil(total / size));
  const page = parseIntParam(url.searchParams.get('page'), 1, 1, 1_000_000);
  const items = list.slice((page - 1) * size, page * size);
  return { items, page, size, total, totalPages };
}

// ---------------------------------------------------------------------------------------------
// Static files

function safeJoin(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

function createStaticCache() {
  const cache = new Map();
  return async function load(file) {
    let stat;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit;
    const body = await fs.promises.readFile(file);
    const entry = {
      body,
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      etag: `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
    };
    cache.set(file, entry);
    return entry;
  };
}

// ---------------------------------------------------------------------------------------------
// Server

/**
 * Starts the demo server.
 * @param {{port?: number, host?: string, latencyScale?: number, compress?: boolean}} [options]
 *   latencyScale multiplies every simulated delay (0 = none); compress gzips text responses.
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function startDemoServer({ port = 0, host = '127.0.0.1', latencyScale = 1, compress = true } = {}) {
  const store = createStore();
  const loadStatic = createStaticCache();
  const imageCache = new Map(); // LRU of generated PNGs
  const IMAGE_CACHE_MAX = 96;
  const scale = Number.isFinite(latencyScale) && latencyScale >= 0 ? latencyScale : 1;
  const { dashboardHeadHTML } = await import(pathToFileURL(path.join(APP_ROOT, 'app', 'pages', 'dashboard-head.js')).href);

  // Backend requests per route (`GET /api/users/:id`), so tests and benchmarks can tell a
  // response the extension's cache answered (no hit here) from one the backend served.
  const backendHits = new Map();
  const countBackendHit = (method, pathname) => {
    const route = `${method} ${pathname.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    backendHits.set(route, (backendHits.get(route) ?? 0) + 1);
  };

  // cache: null sends no Cache-Control at all, as most admin APIs do for their lists.
  const json = (req, res, status, data, { latency = 0, key = '', cache = 'no-store', headers = {} } = {}) => {
    send(req, res, status, {
      'Content-Type': 'application/json; charset=utf-8',
      ...(cache ? { 'Cache-Control': cache } : {}),
      'Server-Timing': serverTiming(latency, key),
      // When the backend sent it (ms since the epoch): a response a page gets with an earlier time
      // than its request's start came from a cache (bench:cache counts hits by it).
      'X-Demo-Sent-At': String(Date.now()),
      ...headers,
    }, JSON.stringify(data), { compress });
  };

  /** Waits the simulated time of a request and returns it (ms, as reported in Server-Timing). */
  async function simulate(kind, key) {
    const ms = simulatedLatency(kind, key) * scale;
    await sleep(ms);
    return ms;
  }

  async function handleApi(req, res, url) {
    const p = url.pathname;
    const key = `${req.method} ${p}${url.search}`;
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const notAllowed = (allow) => json(req, res, 405, { error: 'method_not_allowed', allow }, { headers: { Allow: allow } });
    countBackendHit(req.method, p);

    if (p === '/api/me') {
      if (method !== 'GET') return notAllowed('GET');
      const user = readCookie(req, 'sid');
      return json(req, res, 200, { user, greeting: user ? `Signed in as ${user}` : 'Not signed in' }, { key, cache: null });
    }

    if (p === '/api/login') {
      if (method !== 'POST') return notAllowed('POST');
      const body = await readBody(req).catch(() => '');
      let user = null;
      try {
        user = JSON.parse(body).user;
      } catch {
        user = null;
      }
      if (typeof user !== 'string' || !/^[\w.-]{1,64}$/.test(user)) return json(req, res, 400, { error: 'bad_request', field: 'user', message: 'user: expected a user name of letters, digits, dot, dash or underscore' });
      return json(req, res, 200, { ok: true, user }, { key, headers: { 'Set-Cookie': `sid=${user}; Path=/; HttpOnly; SameSite=Lax` } });
    }

    if (p === '/api/logout') {
      if (method !== 'POST') return notAllowed('POST');
      return json(req, res, 200, { ok: true }, { key, headers: { 'Set-Cookie': 'sid=; Path=/; Max-Age=0; SameSite=Lax' } });
    }

    if (p === '/api/ping') {
      if (method !== 'GET') return notAllowed('GET');
      const i = url.searchParams.get('i');
      return json(req, res, 200, { ok: true, i: i === null ? null : Number(i) }, { key });
    }

    if (p === '/api/users') {
      if (method === 'GET') {
        const q = (url.searchParams.get('q') ?? '').trim().toLowerCase();
        let list = store.users;
        if (q) list = list.filter((u) => u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q));
        const role = url.searchParams.get('role');
        if (role) list = list.filter((u) => u.role === role);
        const status = url.searchParams.get('status');
        if (status) list = list.filter((u) => u.status === status);
        const sort = url.searchParams.get('sort');
        if (sort && ['id', 'name', 'email', 'role', 'status', 'lastLogin', 'createdAt'].includes(sort)) {
          const dir = url.searchParams.get('dir') === 'desc' ? -1 : 1;
          list = [...list].sort((a, b) => {
            const av = a[sort] ?? '';
            const bv = b[sort] ?? '';
            return (av < bv ? -1 : av > bv ? 1 : a.id - b.id) * dir;
          });
        }
        const latency = await simulate('users', key);
        return json(req, res, 200, { ...paginate(list, url, 50, 500), q }, { latency, key, cache: null });
      }
      if (method === 'POST') {
        let input;
        try {
          input = parseForm(req, await readBody(req));
        } catch (err) {
          const status = err.status ?? 400;
          return json(req, res, status, { error: status === 413 ? 'payload_too_large' : 'invalid_json', message: err.message });
        }
        const latency = await simulate('createUser', `${key}|${JSON.stringify(input)}`);
        if (!input || typeof input !== 'object' || Array.isArray(input)) {
          return json(req, res, 400, { error: 'invalid_body', message: 'Expected a JSON object.' }, { latency, key });
        }
        const errors = validateNewUser(input, store.emails);
        if (Object.keys(errors).length) {
          return json(req, res, 422, { error: 'validation_failed', message: 'Please fix the highlighted fields.', errors }, { latency, key });
        }
        const user = {
          id: store.nextUserId++,
          name: input.name.trim(),
          email: input.email.trim(),
          role: input.role,
          status: input.status || 'invited',
          lastLogin: null,
          createdAt: new Date().toISOString(),
        };
        store.users.push(user);
        store.emails.add(user.email.toLowerCase());
        return json(req, res, 201, { user }, { latency, key, headers: { Location: `/api/users/${user.id}` } });
      }
      return notAllowed('GET, POST');
    }

    const userMatch = /^\/api\/users\/(\d+)$/.exec(p);
    if (userMatch) {
      if (method !== 'GET') return notAllowed('GET');
      const id = Number(userMatch[1]);
      const latency = await simulate('user', key);
      const user = store.users.find((u) => u.id === id);
      if (!user) return json(req, res, 404, { error: 'not_found', message: `No user ${id}.` }, { latency, key });
      return json(req, res, 200, userDetail(user), { latency, key, cache: null });
    }

    if (p === '/api/orders') {
      if (method !== 'GET') return notAllowed('GET');
      let list = store.orders;
      const status = url.searchParams.get('status');
      if (status) list = list.filter((o) => o.status === status);
      const latency = await simulate('orders', key);
      return json(req, res, 200, paginate(list, url, 50, 500), { latency, key, cache: null });
    }

    if (p === '/api/audit') {
      if (method !== 'GET') return notAllowed('GET');
      const latency = await simulate('audit', key);
      return json(req, res, 200, paginate(store.audit, url, 50, 500), { latency, key });
    }

    if (p === '/api/stats') {
      if (method !== 'GET') return notAllowed('GET');
      const latency = await simulate('stats', key);
      return json(req, res, 200, store.stats, { latency, key, cache: 'private, max-age=0, must-revalidate' });
    }

    if (p === '/api/recommendations') {
      if (method !== 'GET') return notAllowed('GET');
      const latency = await simulate('recommendations', key);
      return json(req, res, 200, store.recommendations, { latency, key, cache: null });
    }

    if (p === '/api/settings') {
      if (method === 'GET') {
        const latency = await simulate('settings', key);
        return json(req, res, 200, store.settings, { latency, key, cache: null });
      }
      if (method === 'POST' || method === 'PUT') {
        let input;
        try {
          input = parseForm(req, await readBody(req));
        } catch (err) {
          return json(req, res, err.status ?? 400, { error: 'invalid_json', message: err.message });
        }
        const latency = await simulate('settings', key);
        const errors = {};
        if (typeof input.orgName !== 'string' || input.orgName.trim().length < 2) errors.orgName = 'Organisation name must be at least 2 characters.';
        if (typeof input.timezone !== 'string' || !input.timezone) errors.timezone = 'Choose a time zone.';
        if (Object.keys(errors).length) return json(req, res, 422, { error: 'validation_failed', errors }, { latency, key });
        store.settings = {
          orgName: input.orgName.trim(),
          timezone: input.timezone,
          weeklyDigest: Boolean(input.weeklyDigest),
          securityAlerts: Boolean(input.securityAlerts),
        };
        return json(req, res, 200, store.settings, { latency, key });
      }
      return notAllowed('GET, POST, PUT');
    }

    return json(req, res, 404, { error: 'not_found', message: `No API route ${p}` }, { key });
  }

  async function handleImage(req, res, url, name) {
    const w = parseIntParam(url.searchParams.get('w'), 400, 1, 4000);
    const h = parseIntParam(url.searchParams.get('h'), 300, 1, 4000);
    const seed = parseIntParam(url.searchParams.get('seed'), hashString(name) % 1000, 0, 2 ** 31 - 1);
    if (w * h > 8_000_000) {
      return send(req, res, 400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, 'Image too large');
    }
    const cacheKey = `${name}|${w}|${h}|${seed}`;
    const t0 = performance.now();
    let png = imageCache.get(cacheKey);
    if (png) {
      imageCache.delete(cacheKey);
    } else {
      png = renderImage(name, w, h, seed);
    }
    imageCache.set(cacheKey, png);
    if (imageCache.size > IMAGE_CACHE_MAX) imageCache.delete(imageCache.keys().next().value);
    const genMs = performance.now() - t0;
    const latency = w * h <= 64 ? 0 : simulatedLatency('image', cacheKey) * scale;
    await sleep(latency - genMs);
    send(req, res, 200, {
      'Content-Type': 'image/png',
      'Cache-Control': 'no-store',
      'Server-Timing': `app;dur=${Math.max(latency, genMs).toFixed(1)};desc="image", db;dur=0`,
    }, png);
  }

  async function serveFile(req, res, file, { headers = {}, transform } = {}) {
    const entry = await loadStatic(file);
    if (!entry) return false;
    const ext = path.extname(file).toLowerCase();
    const type = CONTENT_TYPES[ext] ?? 'application/octet-stream';
    const isHtml = ext === '.html';
    if (!isHtml && req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, { ETag: entry.etag, 'Cache-Control': 'no-cache', 'Timing-Allow-Origin': '*' });
      res.end();
      return true;
    }
    const body = transform ? Buffer.from(transform(entry.body.toString('utf8'))) : entry.body;
    send(req, res, 200, {
      'Content-Type': type,
      'Cache-Control': isHtml ? 'no-store' : 'no-cache',
      ...(isHtml ? {} : { ETag: entry.etag }),
      ...headers,
    }, body, { compress });
    return true;
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    const p = url.pathname;

    if (p.startsWith('/api/')) return handleApi(req, res, url);

    if (p === '/__backend/hits') {
      if (req.method === 'POST') backendHits.clear();
      return send(req, res, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, JSON.stringify(Object.fromEntries(backendHits)), { compress: false });
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, 'Method not allowed');
    }

    const img = /^\/img\/([A-Za-z0-9_-]{1,64})\.png$/.exec(p);
    if (img) return handleImage(req, res, url, img[1]);

    const stress = /^\/stress\/(resources|csp|throws|blank|html-images|feed)\/?$/.exec(p);
    if (stress) {
      const headers = stress[1] === 'csp' ? { 'Content-Security-Policy': STRICT_CSP } : {};
      if (await serveFile(req, res, path.join(APP_ROOT, 'stress', `${stress[1]}.html`), { headers })) return;
    }

    // Assets: any path whose last segment has an extension.
    if (/\.[A-Za-z0-9]+$/.test(p)) {
      const file = safeJoin(APP_ROOT, p);
      if (file && !p.endsWith('.html') && (await serveFile(req, res, file))) return;
      return send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, 'Not found');
    }

    // ?doc-delay=MS holds the SPA shell back (at most 10 s): the same page made slower on purpose,
    // for the CI runner's regression tests.
    const docDelay = Number(url.searchParams.get('doc-delay'));
    if (Number.isFinite(docDelay) && docDelay > 0) await sleep(Math.min(docDelay, 10_000));

    // History-API fallback: the SPA shell. The dashboard's page head and hero image are part of
    // the initial HTML of "/" so the hero is found by the preload scanner (LCP candidate).
    await serveFile(req, res, path.join(APP_ROOT, 'index.html'), {
      transform: (html) => html.replace('<!--prerender-->', p === '/' ? dashboardHeadHTML() : ''),
    });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) {
        send(req, res, 500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Server-Timing': serverTiming(0, '') },
          JSON.stringify({ error: 'internal', message: String(err?.message ?? err) }));
      } else {
        res.destroy(err);
      }
    });
  });
  server.keepAliveTimeout = 10_000;
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    /** Backend requests served per route since start or the last reset, e.g. `{ 'GET /api/users/:id': 3 }`. */
    backendHits: () => Object.fromEntries(backendHits),
    resetBackendHits: () => backendHits.clear(),
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
        for (const s of sockets) s.destroy();
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function argValue(args, name) {
  const i = args.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return undefined;
  const a = args[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const port = Number(argValue(args, '--port') ?? process.env.PORT ?? DEFAULT_PORT);
  const host = argValue(args, '--host') ?? process.env.HOST ?? '127.0.0.1';
  const latencyScale = Number(argValue(args, '--latency-scale') ?? process.env.DEMO_LATENCY_SCALE ?? 1);
  const demo = await startDemoServer({ port, host, latencyScale });
  console.log(`Demo admin app: ${demo.url}/`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
