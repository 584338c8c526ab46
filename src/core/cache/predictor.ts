/**
 * Predicts a page's next API request from the one it just made: a first-order Markov model whose
 * states are endpoints (route templates, `GET /api/users/:id`) and whose outcomes are the
 * concrete next requests, so confidence is P(next URL | current endpoint) estimated from counts.
 * Bounded: at most maxStates states, maxOutcomes outcomes each (the least seen are forgotten).
 */
import { endpointName } from '../sessions/routes';

/** One predicted request with its estimated probability. */
export interface Prediction {
  method: string;
  url: string;
  /** count(current -> this) / count(current -> anything), 0–1. */
  confidence: number;
  /** Transitions seen from the current endpoint. */
  support: number;
}

/** The model as plain data (stored between worker restarts). */
export interface PredictorSnapshot {
  version: 1;
  /** endpoint -> { "METHOD url" -> count } */
  transitions: Record<string, Record<string, number>>;
}

/** Limits and the evidence needed before predicting. */
export interface PredictorOptions {
  maxStates: number;
  maxOutcomes: number;
  /** Predict only after this many transitions from a state. */
  minSupport: number;
}

export const DEFAULT_PREDICTOR_OPTIONS: PredictorOptions = { maxStates: 500, maxOutcomes: 8, minSupport: 3 };

export class RequestPredictor {
  private readonly transitions = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly options: PredictorOptions;

  constructor(options: Partial<PredictorOptions> = {}, snapshot?: PredictorSnapshot) {
    this.options = { ...DEFAULT_PREDICTOR_OPTIONS, ...options };
    if (snapshot?.version === 1 && typeof snapshot.transitions === 'object' && snapshot.transitions !== null) {
      for (const [state, outcomes] of Object.entries(snapshot.transitions)) {
        if (typeof outcomes !== 'object' || outcomes === null) continue;
        for (const [outcome, count] of Object.entries(outcomes)) {
          if (Number.isInteger(count) && count > 0) this.add(state, outcome, count);
        }
      }
    }
  }

  /** Records that `next` followed `previous` in one page's request sequence. */
  observe(previous: { method: string; url: string }, next: { method: string; url: string }): void {
    this.add(endpointName(previous.url, previous.method), outcomeKey(next.method, next.url), 1);
  }

  /** Observes a whole sequence in order. */
  observeSequence(requests: readonly { method: string; url: string }[]): void {
    for (let i = 1; i < requests.length; i++) this.observe(requests[i - 1]!, requests[i]!);
  }

  /**
   * Requests likely to follow `current`, most likely first, at or above `threshold`; never the
   * current request itself.
   */
  predict(current: { method: string; url: string }, threshold: number): Prediction[] {
    const state = endpointName(current.url, current.method);
    const outcomes = this.transitions.get(state);
    const total = this.totals.get(state) ?? 0;
    if (!outcomes || total < this.options.minSupport) return [];
    const self = outcomeKey(current.method, current.url);
    const predictions: Prediction[] = [];
    for (const [outcome, count] of outcomes) {
      const confidence = count / total;
      if (outcome === self || confidence < threshold) continue;
      const space = outcome.indexOf(' ');
      predictions.push({ method: outcome.slice(0, space), url: outcome.slice(space + 1), confidence, support: total });
    }
    return predictions.sort((a, b) => b.confidence - a.confidence || (a.url < b.url ? -1 : 1));
  }

  snapshot(): PredictorSnapshot {
    const transitions: Record<string, Record<string, number>> = {};
    for (const [state, outcomes] of this.transitions) transitions[state] = Object.fromEntries(outcomes);
    return { version: 1, transitions };
  }

  get stateCount(): number {
    return this.transitions.size;
  }

  private add(state: string, outcome: string, count: number): void {
    let outcomes = this.transitions.get(state);
    if (outcomes) {
      // Re-insert so Map order doubles as recency of states.
      this.transitions.delete(state);
      this.transitions.set(state, outcomes);
    } else {
      if (this.transitions.size >= this.options.maxStates) {
        const oldest = this.transitions.keys().next().value as string;
        this.transitions.delete(oldest);
        this.totals.delete(oldest);
      }
      outcomes = new Map();
      this.transitions.set(state, outcomes);
    }
    if (!outcomes.has(outcome) && outcomes.size >= this.options.maxOutcomes) {
      let rarest: string | null = null;
      let rarestCount = Infinity;
      for (const [key, seen] of outcomes) if (seen < rarestCount) [rarest, rarestCount] = [key, seen];
      if (rarest !== null) {
        outcomes.delete(rarest);
        this.totals.set(state, (this.totals.get(state) ?? 0) - rarestCount);
      }
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + count);
    this.totals.set(state, (this.totals.get(state) ?? 0) + count);
  }
}

function outcomeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

/** What the predictor needs of a captured request (a RequestRecord has these fields). */
export interface CapturedRequest {
  kind: string;
  url?: string;
  initiatorType?: string;
  method?: string;
  t?: number;
}

/**
 * The API requests of one batch of captured items, in the order they started: fetch and
 * XMLHttpRequest only, same origin as the page (what the response cache could answer), method
 * GET when capture did not learn it.
 */
export function capturedApiSequence(items: readonly CapturedRequest[], pageOrigin: string): { method: string; url: string }[] {
  const out: { method: string; url: string; t: number }[] = [];
  for (const item of items) {
    if (item.kind !== 'request' || typeof item.url !== 'string' || (item.initiatorType !== 'fetch' && item.initiatorType !== 'xmlhttprequest')) continue;
    let origin: string;
    try {
      origin = new URL(item.url).origin;
    } catch {
      continue;
    }
    if (origin !== pageOrigin) continue;
    out.push({ method: (item.method ?? 'GET').toUpperCase(), url: item.url, t: typeof item.t === 'number' ? item.t : 0 });
  }
  return out.sort((a, b) => a.t - b.t).map(({ method, url }) => ({ method, url }));
}
