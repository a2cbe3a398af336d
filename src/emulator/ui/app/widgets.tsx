import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export function Json({ value, testid }: { value: unknown; testid?: string }) {
  return (
    <pre class="json" data-testid={testid}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** a meter of a limit turns amber, then red, as it fills; a progress meter (progress) stays green */
export function Meter({ used, limit, testid, progress, children }: { used: number; limit: number; testid?: string; progress?: boolean; children?: ComponentChildren }) {
  const share = limit > 0 ? Math.min(1, used / limit) : 1;
  return (
    <div class="meter" data-testid={testid} data-used={used} data-limit={limit}>
      <div class="meter-bar" role="progressbar" aria-valuemin={0} aria-valuemax={limit} aria-valuenow={used}>
        <div class={`meter-fill ${progress ? '' : share > 0.9 ? 'danger' : share > 0.7 ? 'warn' : ''}`} style={{ width: `${share * 100}%` }} />
      </div>
      <div class="meter-text">{children}</div>
    </div>
  );
}

/** Loads JSON now and every intervalMs (0: once); reload() fetches again at once. */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number): { data: T | undefined; error: string | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let stopped = false;
    const run = () =>
      loadRef.current().then(
        (value) => !stopped && (setData(value), setError(undefined)),
        (failure: Error) => !stopped && setError(failure.message),
      );
    void run();
    const timer = intervalMs > 0 ? setInterval(run, intervalMs) : undefined;
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
    };
  }, [intervalMs, tick]);
  return { data, error, reload: () => setTick((n) => n + 1) };
}

export function ErrorLine({ error }: { error?: string }) {
  return error ? (
    <p class="status error" role="alert">
      {error}
    </p>
  ) : null;
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
