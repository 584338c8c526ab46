/**
 * Closed-form queueing results the engine is checked against (and that the command-line tool
 * prints beside a matching model). Rates are per ms, times in ms unless a name says otherwise.
 */

/** M/M/1: Poisson arrivals (rate λ), one exponential server (rate μ), FIFO, unbounded queue. */
export function mm1(lambda: number, mu: number): { meanResponseMs: number; meanWaitMs: number; responsePercentileMs: (p: number) => number } {
  requireStable(lambda / mu);
  const gap = mu - lambda;
  return {
    meanResponseMs: 1 / gap,
    meanWaitMs: lambda / mu / gap,
    // The response time of M/M/1 FIFO is exponential with rate μ − λ: p-th percentile = −ln(1 − p) / (μ − λ).
    responsePercentileMs: (p) => -Math.log(1 - p / 100) / gap,
  };
}

/** The most servers the closed forms compute for (the simulator's pool limit is far below). */
export const MAX_ERLANG_SERVERS = 10_000_000;

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ (a < c). */
export function erlangC(servers: number, offeredLoad: number): number {
  // The recursion runs once per server: bound it, so a huge count is an error, not a hang.
  if (!Number.isInteger(servers) || servers < 1 || servers > MAX_ERLANG_SERVERS) {
    throw new RangeError(`Erlang C needs a whole number of servers from 1 to ${MAX_ERLANG_SERVERS} (got ${servers})`);
  }
  requireStable(offeredLoad / servers);
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

/** M/M/c with one shared queue: probability of waiting, mean wait and mean response time. */
export function mmc(lambda: number, mu: number, servers: number): { waitProbability: number; meanWaitMs: number; meanResponseMs: number } {
  const waitProbability = erlangC(servers, lambda / mu);
  const meanWaitMs = waitProbability / (servers * mu - lambda);
  return { waitProbability, meanWaitMs, meanResponseMs: meanWaitMs + 1 / mu };
}

/** M/G/1 by Pollaczek–Khinchine: mean wait = λ E[S²] / (2 (1 − ρ)). */
export function mg1(lambda: number, meanService: number, secondMomentService: number): { meanWaitMs: number; meanResponseMs: number } {
  const rho = lambda * meanService;
  requireStable(rho);
  const meanWaitMs = (lambda * secondMomentService) / (2 * (1 - rho));
  return { meanWaitMs, meanResponseMs: meanWaitMs + meanService };
}

/** M/D/1: Pollaczek–Khinchine with a constant service time D (E[S²] = D²). */
export function md1(lambda: number, serviceMs: number): { meanWaitMs: number; meanResponseMs: number } {
  return mg1(lambda, serviceMs, serviceMs * serviceMs);
}

/**
 * G/M/1: the root σ in (0, 1) of σ = A*(μ (1 − σ)), where A* is the Laplace–Stieltjes transform of
 * the interarrival time; found by bisection. Mean wait = σ / (μ (1 − σ)).
 */
export function gm1(interarrivalLst: (s: number) => number, mu: number): { sigma: number; meanWaitMs: number; meanResponseMs: number } {
  let low = 0;
  let high = 1 - 1e-15;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (interarrivalLst(mu * (1 - mid)) - mid > 0) low = mid;
    else high = mid;
  }
  const sigma = (low + high) / 2;
  return { sigma, meanWaitMs: sigma / (mu * (1 - sigma)), meanResponseMs: 1 / (mu * (1 - sigma)) };
}

/**
 * Round robin of Poisson arrivals (total rate λ) over n identical exponential servers (rate μ):
 * each server sees Erlang-n interarrival times, A*(s) = (λ / (λ + s))^n, so it is an E_n/M/1 queue.
 */
export function roundRobinErlang(totalLambda: number, mu: number, servers: number): { sigma: number; meanWaitMs: number; meanResponseMs: number } {
  requireStable(totalLambda / (servers * mu));
  return gm1((s) => Math.pow(totalLambda / (totalLambda + s), servers), mu);
}

/**
 * Mitzenmacher's supermarket model in its large-n limit: with arrival rate λ < 1 per server (μ = 1)
 * and d ≥ 2 choices, the expected time in system is Σ_{i≥1} λ^((d^i − d)/(d − 1)) service times.
 * (With one choice it is the M/M/1 value 1/(1 − λ).)
 */
export function supermarketMeanResponse(lambdaPerServer: number, choices: number): number {
  requireStable(lambdaPerServer);
  if (choices === 1) return 1 / (1 - lambdaPerServer);
  let sum = 0;
  for (let i = 1; i < 64; i++) {
    const term = Math.pow(lambdaPerServer, (Math.pow(choices, i) - choices) / (choices - 1));
    sum += term;
    if (term < 1e-15) break;
  }
  return sum;
}

/**
 * Exact mean value analysis (Reiser & Lavenberg) of a closed network: N users with think time Z
 * and single-server FIFO exponential stations with service demands D_k (visits × service time).
 */
export function meanValueAnalysis(users: number, thinkMs: number, demandsMs: readonly number[]): { throughputPerMs: number; meanResponseMs: number; queueLengths: number[] } {
  let queue = demandsMs.map(() => 0);
  let throughput = 0;
  let response = 0;
  for (let n = 1; n <= users; n++) {
    const residence = demandsMs.map((demand, k) => demand * (1 + queue[k]!));
    response = residence.reduce((sum, r) => sum + r, 0);
    throughput = n / (thinkMs + response);
    queue = residence.map((r) => throughput * r);
  }
  return { throughputPerMs: throughput, meanResponseMs: response, queueLengths: queue };
}

function requireStable(utilization: number): void {
  if (!(utilization < 1)) throw new RangeError(`the queue is unstable: utilization ${utilization} ≥ 1`);
}
