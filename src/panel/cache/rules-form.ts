/**
 * The Cache view's rule form: settings to editable text fields and back, for every rule of the
 * page (first match wins). Parsing does not check the values (the background does, and names the
 * bad field); it only turns text into numbers and lists, in the units the form shows (seconds).
 */
import { defaultRule, type ResponseCacheRule, type ResponseCacheSettings } from '../../core/cache/rules';

/** One rule's fields, as typed. */
export interface RuleForm {
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
}

/** The form's fields, as typed: the page pattern, the rules in order, the page-wide settings. */
export interface RulesForm {
  pattern: string;
  rules: RuleForm[];
  prefetchThreshold: string;
  lookupTimeoutMs: string;
  logoutPattern: string;
  identityCookie: string;
}

/** The page-wide text fields (the rules' own fields are named `rules.<index>.<field>`). */
export type PageField = Exclude<keyof RulesForm, 'rules'>;

/** A rule as form fields. */
export function ruleForm(rule: ResponseCacheRule): RuleForm {
  return {
    urlPattern: rule.urlPattern,
    methods: rule.methods.join(', '),
    ttlSeconds: String(rule.ttlMs / 1000),
    staleSeconds: String(rule.staleMs / 1000),
    postEndpoints: rule.postEndpoints.join(', '),
    repeatedOnly: rule.repeatedOnly,
    jsonOnly: rule.jsonOnly,
    allowSetCookie: rule.overrides.setCookie ?? false,
    allowPrivate: rule.overrides.private ?? false,
    allowVaryStar: rule.overrides.varyStar ?? false,
    prefetch: rule.prefetch,
  };
}

/** The fields of a rule added with "Add rule": the default rule's. */
export const newRuleForm = (): RuleForm => ruleForm(defaultRule());

/** The form for settings, saved under pattern. */
export function formFromSettings(settings: ResponseCacheSettings, pattern: string): RulesForm {
  return {
    pattern,
    rules: settings.rules.map(ruleForm),
    prefetchThreshold: String(settings.prefetchThreshold),
    lookupTimeoutMs: String(settings.lookupTimeoutMs),
    logoutPattern: settings.logoutPattern,
    identityCookie: settings.identityCookie ?? '',
  };
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const seconds = (text: string) => (text.trim() === '' ? Number.NaN : Number(text) * 1000);
const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

function ruleFromForm(form: RuleForm): ResponseCacheRule {
  return {
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
}

/** The settings the form describes. */
export function settingsFromForm(form: RulesForm): ResponseCacheSettings {
  return {
    rules: form.rules.map(ruleFromForm),
    logoutPattern: form.logoutPattern.trim(),
    identityCookie: form.identityCookie.trim() === '' ? null : form.identityCookie.trim(),
    prefetchThreshold: number(form.prefetchThreshold),
    lookupTimeoutMs: number(form.lookupTimeoutMs),
  };
}

/** The form's rules with one moved by `by` places (kept in bounds). */
export function moveRule(rules: readonly RuleForm[], index: number, by: -1 | 1): RuleForm[] {
  const to = index + by;
  if (index < 0 || index >= rules.length || to < 0 || to >= rules.length) return [...rules];
  const next = [...rules];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

const RULE_FIELDS: Record<string, keyof RuleForm> = {
  urlPattern: 'urlPattern',
  methods: 'methods',
  ttlMs: 'ttlSeconds',
  staleMs: 'staleSeconds',
  postEndpoints: 'postEndpoints',
};

/**
 * The form field a background error names, by its input name, for focus:
 * `responseCache.rules[2].ttlMs` -> `rules.2.ttlSeconds`, `responseCache.logoutPattern` -> `logoutPattern`.
 */
export function fieldOfError(message: string): string | null {
  const rule = /rules\[(\d+)\]\.(\w+)/.exec(message);
  if (rule) {
    const field = RULE_FIELDS[rule[2]!];
    return field ? `rules.${rule[1]}.${field}` : null;
  }
  const fields: [RegExp, PageField][] = [
    [/prefetchThreshold/, 'prefetchThreshold'],
    [/lookupTimeoutMs/, 'lookupTimeoutMs'],
    [/logoutPattern/, 'logoutPattern'],
    [/identityCookie/, 'identityCookie'],
    [/^pattern/, 'pattern'],
  ];
  return fields.find(([re]) => re.test(message))?.[1] ?? null;
}
