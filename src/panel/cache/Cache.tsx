import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatBytes, formatMs } from '../../core/metrics/format';
import type { CacheView } from '../../shared/protocol-cache';
import { Chart } from '../components/Chart';
import { Messages } from '../components/Messages';
import { useCapture, usePanel } from '../context';
import { fieldOfError, formFromSettings, moveRule, newRuleForm, settingsFromForm, type PageField, type RuleForm, type RulesForm } from './rules-form';

const REFRESH_MS = 2000;

const percent = (fraction: number | null) => (fraction === null ? '—' : `${Math.round(fraction * 100)} %`);

/**
 * The response cache of the inspected page's origin: health and advice, hit rate over time,
 * what is stored (URL, size, age, TTL, hits), the rules for this page, and clear / bump version.
 */
export function Cache() {
  const { bridge } = usePanel();
  const tabId = useCapture((s) => s.tabId);
  const [view, setView] = useState<CacheView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<RulesForm | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const refresh = useCallback(async () => {
    try {
      const next = await bridge.request('cacheView', { tabId });
      setView(next);
      setForm((f) => f ?? formFromSettings(next.settings, next.rulesPattern ?? next.suggestedPattern));
      setError(null);
    } catch (e) {
      setError(`Could not read the cache: ${(e as Error).message}`);
    }
  }, [bridge, tabId]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (label: string, work: () => Promise<CacheView>) => {
    setBusy(true);
    setNotice(null);
    try {
      setView(await work());
      setNotice(label);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!form || !view) return;
    setFormError(null);
    try {
      const next = await bridge.request('cacheSetRules', { tabId, pattern: form.pattern, settings: settingsFromForm(form) });
      setView(next);
      setNotice(`Rules saved for ${form.pattern}; they apply from the next page load.`);
    } catch (e) {
      const message = (e as Error).message;
      setFormError(`${message}. Fix the field and save again.`);
      const field = fieldOfError(message);
      if (field) (formRef.current?.querySelector(`[name="${field}"]`) as HTMLElement | null)?.focus();
    }
  };

  const chart = useMemo<[number[], (number | null)[]]>(() => {
    const series = view?.series ?? [];
    return [series.map((b) => b.start / 1000), series.map((b) => (b.lookups > 0 ? (100 * b.hits) / b.lookups : null))];
  }, [view?.series]);

  if (!view) return <p className="muted">{error ?? 'Reading the cache…'}</p>;
  const { health, counters } = view;
  const field = (name: PageField, label: string, hint?: string) =>
    form && (
      <label className="field">
        <span>{label}</span>
        <input name={name} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} aria-describedby={hint ? `hint-${name}` : undefined} />
        {hint && <span id={`hint-${name}`} className="muted">{hint}</span>}
      </label>
    );
  const setRule = (index: number, patch: Partial<RuleForm>) => form && setForm({ ...form, rules: form.rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)) });
  const ruleField = (index: number, name: keyof RuleForm, label: string, hint?: string) => {
    const id = `rules.${index}.${name}`;
    return (
      <label className="field">
        <span>{label}</span>
        <input name={id} value={String(form!.rules[index]![name])} onChange={(e) => setRule(index, { [name]: e.target.value })} aria-describedby={hint ? `hint-${id}` : undefined} />
        {hint && <span id={`hint-${id}`} className="muted">{hint}</span>}
      </label>
    );
  };
  const ruleCheck = (index: number, name: keyof RuleForm, label: string) => (
    <label className="check">
      <input type="checkbox" name={`rules.${index}.${name}`} checked={Boolean(form!.rules[index]![name])} onChange={(e) => setRule(index, { [name]: e.target.checked })} /> {label}
    </label>
  );
  /** Moves focus to a rule's first field after the list changed (React has rendered it by the next frame). */
  const focusRule = (index: number) => requestAnimationFrame(() => (formRef.current?.querySelector(`[name="rules.${index}.urlPattern"]`) as HTMLElement | null)?.focus());

  return (
    <div className="cache-view">
      <section className="card" aria-labelledby="cache-title">
        <h3 id="cache-title">Response cache for {view.origin || 'this page'}</h3>
        <p data-testid="cache-state">
          {view.strategyOn
            ? 'On for this page: repeated API calls are answered from the cache.'
            : 'Off for this page. Switch on “Cache repeated API calls” in the Optimize view; it takes effect on the next load.'}
        </p>
        {view.disabled && (
          <p role="alert" className="error">
            The cache turned itself off: {view.disabled}. Requests go to the network. Clear everything to switch it back on.
          </p>
        )}
        <Messages error={error} notice={notice} />
        <div className="actions">
          <button disabled={busy} onClick={() => void act('This origin’s entries were removed.', () => bridge.request('cacheClear', { tabId, scope: 'origin' }))}>
            Clear this origin
          </button>
          <button disabled={busy} onClick={() => void act('Every entry was removed.', () => bridge.request('cacheClear', { tabId, scope: 'all' }))}>
            Clear everything
          </button>
          <button disabled={busy} onClick={() => void act('Version bumped: every entry of this origin is invalid.', () => bridge.request('cacheBumpVersion', { tabId }))}>
            Bump version
          </button>
        </div>
      </section>

      <section className="card" aria-labelledby="cache-health">
        <h3 id="cache-health">Health</h3>
        <dl className="cache-figures">
          <dt>Hit rate</dt><dd data-testid="cache-hit-rate">{percent(health.hitRate)} of {health.lookups} lookups</dd>
          <dt>Fill level</dt><dd>{percent(health.fill)} ({view.totalEntries} of {view.limits.maxEntries} entries, {formatBytes(view.totalBytes)} of {formatBytes(view.limits.maxBytes)})</dd>
          <dt>Error rate</dt><dd>{percent(health.errorRate)} (<span data-testid="cache-errors">{counters.errors}</span> errors)</dd>
          <dt>Oldest entry</dt><dd>{health.oldestEntryAgeMs === null ? '—' : formatMs(health.oldestEntryAgeMs)}</dd>
          <dt>Hits</dt><dd data-testid="cache-hits">{counters.hits}</dd>
          <dt>Stale hits</dt><dd>{counters.staleHits}</dd>
          <dt>Prefetch hits</dt><dd data-testid="cache-prefetch-hits">{counters.prefetchHits} of {counters.prefetches} prefetched</dd>
          <dt>Misses</dt><dd>{counters.misses}</dd>
          <dt>Evictions</dt><dd data-testid="cache-evictions">{counters.evictions}</dd>
          <dt>Last error</dt><dd data-testid="cache-last-error">{view.lastError ?? 'none'}</dd>
          <dt>Saved</dt><dd>{formatBytes(counters.bytesSaved)} not downloaded, {formatMs(counters.msSaved)} not waited</dd>
          <dt>Compression</dt><dd>{formatBytes(counters.compressionSavedBytes)} kept out of storage</dd>
        </dl>
        <ul className="advice" aria-label="Advice">
          {health.advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>

      <section className="card">
        {chart[0].length > 0 ? <Chart title="Hit rate per minute" label="Hit rate (%)" data={chart} marks={[]} color="#1a73e8" /> : <p className="muted">The hit rate over time appears after the first lookups.</p>}
      </section>

      <section className="card" aria-labelledby="cache-entries">
        <h3 id="cache-entries">Entries of this origin ({view.entries.length})</h3>
        {view.entries.length === 0 ? (
          <p className="muted">Nothing stored for this origin.</p>
        ) : (
          <table className="data" aria-labelledby="cache-entries">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col" className="num">Size</th>
                <th scope="col" className="num">Age</th>
                <th scope="col" className="num">TTL</th>
                <th scope="col" className="num">Hits</th>
                <th scope="col">Login</th>
              </tr>
            </thead>
            <tbody>
              {view.entries.map((entry) => (
                <tr key={entry.id} data-testid="cache-entry">
                  <td title={entry.url}>
                    {entry.method} {entry.url.replace(view.origin, '')}
                    {entry.prefetched && <span className="muted"> (prefetched)</span>}
                  </td>
                  <td className="num">{formatBytes(entry.rawBytes)}{entry.compressed ? ` (${formatBytes(entry.storedBytes)} gzipped)` : ''}</td>
                  <td className="num">{formatMs(entry.ageMs)}</td>
                  <td className="num">{entry.freshForMs > 0 ? `${formatMs(entry.freshForMs)} left of ${formatMs(entry.ttlMs)}` : `stale (TTL ${formatMs(entry.ttlMs)})`}</td>
                  <td className="num">{entry.hits}</td>
                  <td><code>{entry.identity}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {form && (
        <section className="card" aria-labelledby="cache-rules">
          <h3 id="cache-rules">Rules for this page</h3>
          <p className="muted">
            {view.rulesPattern ? `Stored for ${view.rulesPattern}.` : 'This page uses the default rule: same-origin GET requests for JSON to endpoints it called more than once, fresh for 30 s, no stale answers.'} Responses marked no-store are never stored; Set-Cookie, private and Vary: * only when allowed below.
          </p>
          <form ref={formRef} className="rules" onSubmit={(e) => { e.preventDefault(); void save(); }}>
            {field('pattern', 'Pages (URL pattern)', '* matches anything')}
            {form.rules.map((_, index) => (
              <fieldset key={index} className="rule" data-testid={`cache-rule-${index}`}>
                <legend>Rule {index + 1} of {form.rules.length}{index === 0 ? ' (the first that matches a request applies)' : ''}</legend>
                {ruleField(index, 'urlPattern', 'Requests (URL or path pattern)', 'e.g. /api/*')}
                {ruleField(index, 'methods', 'Methods', 'GET, HEAD; POST only with endpoints below')}
                {ruleField(index, 'ttlSeconds', 'Fresh for (s)')}
                {ruleField(index, 'staleSeconds', 'Then stale while revalidating (s)', '0: never answer stale')}
                {ruleField(index, 'postEndpoints', 'POST endpoints (keyed by body)', 'comma-separated patterns, e.g. /api/analyze')}
                {ruleCheck(index, 'repeatedOnly', 'Only endpoints called more than once')}
                {ruleCheck(index, 'jsonOnly', 'Only JSON responses')}
                {ruleCheck(index, 'allowSetCookie', 'Also store responses that set cookies')}
                {ruleCheck(index, 'allowPrivate', 'Also store Cache-Control: private')}
                {ruleCheck(index, 'allowVaryStar', 'Also store Vary: *')}
                {ruleCheck(index, 'prefetch', 'Prefetch predicted requests when idle')}
                <div className="rule-actions">
                  <button type="button" disabled={index === 0} onClick={() => { setForm({ ...form, rules: moveRule(form.rules, index, -1) }); focusRule(index - 1); }}>
                    Move rule {index + 1} up
                  </button>
                  <button type="button" disabled={index === form.rules.length - 1} onClick={() => { setForm({ ...form, rules: moveRule(form.rules, index, 1) }); focusRule(index + 1); }}>
                    Move rule {index + 1} down
                  </button>
                  <button type="button" disabled={form.rules.length === 1} title={form.rules.length === 1 ? 'A page keeps at least one rule: switch the strategy off to cache nothing' : undefined} onClick={() => { setForm({ ...form, rules: form.rules.filter((_, i) => i !== index) }); focusRule(Math.max(0, index - 1)); }}>
                    Remove rule {index + 1}
                  </button>
                </div>
              </fieldset>
            ))}
            <div className="rule-actions">
              <button type="button" onClick={() => { setForm({ ...form, rules: [...form.rules, newRuleForm()] }); focusRule(form.rules.length); }}>
                Add rule
              </button>
            </div>
            {field('prefetchThreshold', 'Prefetch confidence (0–1)')}
            {field('lookupTimeoutMs', 'Wait for the cache at most (ms)', 'then the request goes to the network; 50–10,000')}
            {field('logoutPattern', 'Logout path pattern', 'clears that login’s entries')}
            {field('identityCookie', 'Login cookie name', 'empty: all cookies identify the login')}
            <button type="submit">Save rules</button>
          </form>
          {formError && (
            <p role="alert" className="error">
              {formError}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
