/** Runs run when the page is idle, at most timeoutMs later (next task where idle callbacks do not exist). */
export function whenIdle(run: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs });
  else setTimeout(run, 0);
}
