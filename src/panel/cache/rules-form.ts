/**
 * The Cache view's rule form: settings to editable text fields and back. Parsing does not check
 * the values (the background does, and names the bad field); it only turns text into numbers and
 * lists, in the units the form shows (seconds).
 */
import type { ResponseCacheSettings } from '../../core/cache/rules';

/** The form's fields, as typed. */
export interface RulesForm {
  pattern: string;
  urlPattern: string;
  methods: string;
  ttlSeconds: string;
  staleSeconds: string;
  postEndpoints: string;
  repeatedOnly: boolean;
  jsonOnly: boolean;
  allowSetCookie: boolean;
  allowPrivate: boolean;
  allowVaryStar: boolean;
  prefetch: boolean;
  prefetchThreshold: string;
  lookupTimeoutMs: string;
  logoutPattern: string;
  identityCookie: string;
}

/** The form for the first rule of settings (the one the view edits), saved under pattern. */
export function formFromSettings(settings: ResponseCacheSettings, pattern: string): RulesForm {
  const rule = settings.rules[0];
  return {
    pattern,
    urlPattern: rule?.urlPattern ?? '/*',
    methods: (rule?.methods ?? ['GET']).join(', '),
    ttlSeconds: String((rule?.ttlMs ?? 30_000) / 1000),
    staleSeconds: String((rule?.staleMs ?? 0) / 1000),
    postEndpoints: (rule?.postEndpoints ?? []).join(', '),
    repeatedOnly: rule?.repeatedOnly ?? true,
    jsonOnly: rule?.jsonOnly ?? true,
    allowSetCookie: rule?.overrides.setCookie ?? false,
    allowPrivate: rule?.overrides.private ?? false,
    allowVaryStar: rule?.overrides.varyStar ?? false,
    prefetch: rule?.prefetch ?? true,
    prefetchThreshold: String(settings.prefetchThreshold),
    lookupTimeoutMs: String(settings.lookupTimeoutMs),
    logoutPattern: settings.logoutPattern,
    identityCookie: settings.identityCookie ?? '',
  };
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const seconds = (text: string) => (text.trim() === '' ? Number.NaN : Number(text) * 1000);

/** The settings the form describes, keeping any further rules of the stored settings. */
export function settingsFromForm(form: RulesForm, previous: ResponseCacheSettings): ResponseCacheSettings {
  const first = {
    urlPattern: form.urlPattern.trim(),
    methods: list(form.methods).map((m) => m.toUpperCase()),
    ttlMs: seconds(form.ttlSeconds),
    staleMs: seconds(form.staleSeconds),
    postEndpoints: list(form.postEndpoints),
    repeatedOnly: form.repeatedOnly,
    jsonOnly: form.jsonOnly,
    overrides: { setCookie: form.allowSetCookie, private: form.allowPrivate, varyStar: form.allowVaryStar },
    prefetch: form.prefetch,
  };
  return {
    rules: [first, ...previous.rules.slice(1)],
    logoutPattern: form.logoutPattern.trim(),
    identityCookie: form.identityCookie.trim() === '' ? null : form.identityCookie.trim(),
    prefetchThreshold: form.prefetchThreshold.trim() === '' ? Number.NaN : Number(form.prefetchThreshold),
    lookupTimeoutMs: form.lookupTimeoutMs.trim() === '' ? Number.NaN : Number(form.lookupTimeoutMs),
  };
}

/** The form field a background error names (`responseCache.rules[0].ttlMs` -> ttlSeconds), for focus. */
export function fieldOfError(message: string): keyof RulesForm | null {
  const fields: [RegExp, keyof RulesForm][] = [
    [/rules\[0\]\.urlPattern/, 'urlPattern'],
    [/rules\[0\]\.methods/, 'methods'],
    [/rules\[0\]\.ttlMs/, 'ttlSeconds'],
    [/rules\[0\]\.staleMs/, 'staleSeconds'],
    [/rules\[0\]\.postEndpoints/, 'postEndpoints'],
    [/prefetchThreshold/, 'prefetchThreshold'],
    [/lookupTimeoutMs/, 'lookupTimeoutMs'],
    [/logoutPattern/, 'logoutPattern'],
    [/identityCookie/, 'identityCookie'],
    [/^pattern/, 'pattern'],
  ];
  return fields.find(([re]) => re.test(message))?.[1] ?? null;
}
