/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of the session's requests, one
 * page per view. Everything the spec requires is present even when Resource Timing did not
 * expose it (-1 for unknown sizes and timings, as the spec asks); what HAR has no field for
 * travels in `_` custom fields, which HAR readers ignore and our importer reads back.
 */
import type { RequestRecord, View } from '../../model';
import { sanitizeExportInput } from '../sanitize';
import { ChunkBuffer, writeEach } from '../stream';
import { isoTime } from '../time';
import { CREATOR, type ExportOptions, type SessionExportInput } from '../types';

interface HarNameValue {
  name: string;
  value: string;
}

export async function* exportHar(raw: SessionExportInput, options: ExportOptions = {}): AsyncGenerator<string> {
  const { input, sanitizer: clean } = sanitizeExportInput(raw, options);
  const out = new ChunkBuffer();
  const views = input.views;
  const pageIds = new Set(views.map((view) => view.id));
  const session = input.session;
  const comment = `Session "${session.name}" exported by ${CREATOR.name}`;
  out.write(`{"log":{"version":"1.2","creator":${JSON.stringify(CREATOR)},"comment":${JSON.stringify(comment)},"_sanitized":${clean.active},\n`);
  out.write(`"pages":[${views.map((view) => '\n' + JSON.stringify(harPage(view))).join(',')}\n],\n"entries":[`);
  let separator = '\n';
  yield* writeEach(out, input.requests, (request) => {
    out.write(separator + JSON.stringify(harEntry(request, pageIds)));
    separator = ',\n';
  });
  out.write('\n]}}\n');
  yield out.take();
}

function harPage(view: View) {
  return {
    startedDateTime: isoTime(view.startTime),
    id: view.id,
    title: view.url,
    pageTimings: { onContentLoad: -1, onLoad: -1 },
    _url: view.url,
    _kind: view.kind,
    _navigationType: view.navigationType,
    _strategies: view.strategies,
  };
}

/** One HAR entry; `time` is the request's duration and the timings add up to it. */
export function harEntry(request: RequestRecord, pageIds: ReadonlySet<string>) {
  const requestHeaders = request.requestHeaders ?? [];
  const responseHeaders = request.responseHeaders ?? [];
  const httpVersion = harHttpVersion(request.protocol);
  return {
    ...(pageIds.has(request.viewId) ? { pageref: request.viewId } : {}),
    startedDateTime: isoTime(request.t),
    time: request.duration,
    request: {
      method: request.method ?? 'GET',
      url: request.url,
      httpVersion,
      cookies: requestCookies(requestHeaders),
      headers: requestHeaders,
      queryString: queryString(request.url),
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: Math.round(request.status),
      statusText: '',
      httpVersion,
      cookies: responseCookies(responseHeaders),
      headers: responseHeaders,
      content: contentOf(request),
      redirectURL: headerValue(responseHeaders, 'location') ?? '',
      headersSize: request.transferSize > request.encodedBodySize ? Math.round(request.transferSize - request.encodedBodySize) : -1,
      bodySize: request.cached ? 0 : Math.round(request.encodedBodySize),
      _transferSize: request.transferSize,
      _encodedBodySize: request.encodedBodySize,
      _protocol: request.protocol,
    },
    cache: {},
    timings: harTimings(request),
    _initiatorType: request.initiatorType,
    _renderBlocking: request.renderBlocking,
    _serverTiming: request.serverTiming,
    _cached: request.cached,
    _source: request.method === undefined ? 'resource-timing' : 'devtools-network',
  };
}

function contentOf(request: RequestRecord) {
  const compression = request.decodedBodySize - request.encodedBodySize;
  return {
    size: Math.round(request.decodedBodySize),
    ...(compression > 0 && request.encodedBodySize > 0 ? { compression: Math.round(compression) } : {}),
    mimeType: request.mimeType ?? '',
  };
}

/**
 * HAR timings from Resource Timing phases. HAR's `connect` includes TLS; time spent queued and
 * in redirects has no HAR field of its own, so it is `blocked` (redirects also in `_redirect`).
 */
export function harTimings(request: RequestRecord) {
  const { redirect, dns, connect, tls, waiting, download } = request.phases;
  const known = dns + connect + tls + waiting + download;
  return {
    blocked: Math.max(0, request.duration - known),
    dns: dns > 0 ? dns : -1,
    connect: connect + tls > 0 ? connect + tls : -1,
    ssl: tls > 0 ? tls : -1,
    send: 0,
    wait: waiting,
    receive: download,
    _redirect: redirect,
  };
}

/** `h2` -> `HTTP/2`, as Chrome writes it; the exact protocol string is kept in `_protocol`. */
export function harHttpVersion(protocol: string): string {
  const lower = protocol.toLowerCase();
  if (lower === 'h2') return 'HTTP/2';
  if (lower === 'h3' || lower.startsWith('h3-')) return 'HTTP/3';
  if (lower.startsWith('http/')) return protocol.toUpperCase();
  return protocol;
}

/** The query parameters of a URL, decoded, in order. */
export function queryString(url: string): HarNameValue[] {
  const query = url.split('#', 1)[0]?.split('?').slice(1).join('?') ?? '';
  if (!query) return [];
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return { name: decodeComponent(name), value: decodeComponent(value) };
    });
}

function requestCookies(headers: readonly HarNameValue[]): HarNameValue[] {
  return headers
    .filter((header) => header.name.toLowerCase() === 'cookie')
    .flatMap((header) => header.value.split(';'))
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map(splitCookie);
}

function responseCookies(headers: readonly HarNameValue[]): HarNameValue[] {
  return headers
    .filter((header) => header.name.toLowerCase() === 'set-cookie')
    .flatMap((header) => header.value.split('\n'))
    .map((line) => splitCookie((line.split(';', 1)[0] ?? '').trim()))
    .filter((cookie) => cookie.name !== '');
}

function splitCookie(pair: string): HarNameValue {
  const equals = pair.indexOf('=');
  return equals < 0 ? { name: pair, value: '' } : { name: pair.slice(0, equals), value: pair.slice(equals + 1) };
}

function headerValue(headers: readonly HarNameValue[], name: string): string | undefined {
  return headers.find((header) => header.name.toLowerCase() === name)?.value;
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
