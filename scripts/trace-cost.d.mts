/** A Chrome trace event, as Tracing.dataCollected delivers it (the fields read here). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; lineNumber?: number; columnNumber?: number } };
}

/** The page's main-thread task CPU ms, the extension's CPU ms and wall ms in it, and its CPU ms per script entry (`name file:line:column`). */
export function traceTime(events: readonly TraceEvent[]): { taskMs: number; selfMs: number; wallMs: number; byFunction: Map<string, number> };
