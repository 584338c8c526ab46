import { useCallback, useEffect, useState, type FormEvent } from 'react';
import browser from 'webextension-polyfill';
import { formatDateTime } from './format';
import { validateEndpoint } from '../../core/otlp/sender';
import type { OtlpStatus } from '../../shared/protocol-otlp';
import { Messages } from '../components/Messages';
import { usePanel } from '../context';

/** How often the queue's figures refresh while the section is open. */
const REFRESH_MS = 2000;

/**
 * The opt-in setting that sends finished sessions to an OTLP/HTTP endpoint (an OpenTelemetry
 * Collector): off by default; turning it on asks Chrome for access to that one host first.
 */
export function OtlpSending() {
  const { bridge } = usePanel();
  const [status, setStatus] = useState<OtlpStatus | null>(null);
  const [endpoint, setEndpoint] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const next = await bridge.request('otlpStatus', {});
      setStatus(next);
      return next;
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
  }, [bridge]);

  useEffect(() => {
    void refresh().then((first) => first && setEndpoint(first.settings.endpoint));
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const enabled = Boolean(status?.settings.enabled);

  const toggle = async (on: boolean) => {
    setError(null);
    setNotice(null);
    const checked = validateEndpoint(endpoint);
    if (on && !checked.ok) {
      setError(checked.error);
      return;
    }
    setBusy(true);
    try {
      // Asked inside the click, before anything else is awaited: Chrome needs the user gesture.
      if (on && checked.ok) {
        const granted = await browser.permissions.request({ origins: [checked.originPattern] });
        if (!granted) throw new Error(`Access to ${checked.originPattern} was not granted, so sending stays off and nothing leaves this machine.`);
      }
      const next = await bridge.request('setOtlpSettings', { enabled: on, endpoint: checked.ok ? checked.endpoint : endpoint });
      setStatus(next);
      setEndpoint(next.settings.endpoint);
      setNotice(on ? `Finished sessions are sent to ${next.settings.endpoint} (sanitized).` : 'Sending is off: nothing is sent.');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void toggle(true);
  };

  const queue = status?.queue;
  return (
    <section className="card otlp-sending" aria-labelledby="otlp-sending-title">
      <h3 id="otlp-sending-title">Send sessions to OpenTelemetry</h3>
      <p className="muted">
        Off unless you turn it on. When on, every session that ends (recording stopped or its tab closed) is sent, sanitized, as OTLP/JSON traces and metrics to the
        endpoint below, retried with backoff if it is busy or down; capture never waits for it.
      </p>
      <form onSubmit={onSubmit} className="otlp-form">
        <label>
          OTLP/HTTP endpoint{' '}
          <input
            type="url"
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
            disabled={busy || enabled}
            placeholder="http://localhost:4318"
            spellCheck={false}
            aria-describedby="otlp-endpoint-help"
          />
        </label>{' '}
        <label>
          <input type="checkbox" checked={enabled} disabled={busy || !status} onChange={(e) => void toggle(e.target.checked)} /> Send finished sessions to this endpoint
        </label>
        <p id="otlp-endpoint-help" className="muted">
          Traces go to /v1/traces, metrics to /v1/metrics (an OpenTelemetry Collector listens on port 4318).
        </p>
      </form>
      <Messages error={error} notice={notice} />
      {queue && (enabled || queue.delivered + queue.failed > 0) && (
        <p role="status" className="otlp-queue">
          {queue.sending ? 'Sending… ' : ''}
          {queue.queued} waiting · {queue.delivered} sent · {queue.failed} failed{queue.dropped ? ` · ${queue.dropped} dropped (queue full)` : ''}
          {queue.lastDeliveredAt ? ` · last sent ${formatDateTime(queue.lastDeliveredAt)}` : ''}
          {queue.lastError ? ` · last error: ${queue.lastError}` : ''}
        </p>
      )}
    </section>
  );
}

/** "Send to OpenTelemetry now" for one session, shown when sending is on. */
export function SendSessionOtlp({ sessionId }: { sessionId: string }) {
  const { bridge } = usePanel();
  const [enabled, setEnabled] = useState(false);
  const [message, setMessage] = useState<{ error?: string; notice?: string }>({});
  useEffect(() => {
    void bridge.request('otlpStatus', {}).then((s) => setEnabled(s.settings.enabled), () => setEnabled(false));
  }, [bridge]);
  if (!enabled) return null;
  const send = async () => {
    try {
      const next = await bridge.request('sendSessionOtlp', { sessionId });
      setMessage({ notice: `Queued for ${next.settings.endpoint}.` });
    } catch (e) {
      setMessage({ error: (e as Error).message });
    }
  };
  return (
    <p>
      <button type="button" onClick={() => void send()}>
        Send to OpenTelemetry now
      </button>
      <Messages error={message.error} notice={message.notice} />
    </p>
  );
}
