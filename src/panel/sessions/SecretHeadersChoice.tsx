import { useEffect, useState } from 'react';
import { usePanel } from '../context';

/**
 * The per-site choice to store the secret headers DevTools sees (Cookie, Set-Cookie,
 * Authorization, API keys) as they are. Off by default: they are stored as REDACTED, and the
 * panel says so.
 */
export function SecretHeadersChoice({ url }: { url: string }) {
  const { bridge } = usePanel();
  const [setting, setSetting] = useState<{ origin: string; keep: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    if (!/^https?:/.test(url)) return;
    bridge.request('secretHeaderSetting', { url }).then(
      (value) => live && setSetting(value),
      (e: unknown) => live && setError(String((e as Error).message ?? e)),
    );
    return () => {
      live = false;
    };
  }, [bridge, url]);

  if (!setting) return error ? <p className="error">{error}</p> : null;
  const change = (keep: boolean) => {
    setError(null);
    bridge.request('setSecretHeaderSetting', { url, keep }).then(setSetting, (e: unknown) => setError(String((e as Error).message ?? e)));
  };
  return (
    <div className="secret-headers">
      <p>
        {setting.keep
          ? `Cookie, Set-Cookie, Authorization and other secret headers from ${setting.origin} are stored as DevTools saw them (needed only for a full export).`
          : `Cookie, Set-Cookie, Authorization and other secret headers from ${setting.origin} are stored as REDACTED: not even a full export contains them.`}
      </p>
      <label>
        <input type="checkbox" checked={setting.keep} onChange={(e) => change(e.target.checked)} /> Store secret headers of {setting.origin} as captured (from the next request on)
      </label>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
