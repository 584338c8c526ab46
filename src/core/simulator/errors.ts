/**
 * The errors the simulator throws. Each says what is wrong and what to do, in the user's words,
 * so the command-line tool and the panel can show the message as it is.
 */

/** What a rejected setting was and what was expected, as data (the panel renders it in its own words). */
export interface RejectedSetting {
  /** The rule it broke, after the field name: "must be ≥ 1", "is required", "must be ≤ 10000 (the simulator's limit)". */
  rule: string;
  /** The value given, when there was one, as JSON text: `0`, `"abc"`, `[1,2]`. */
  received?: string;
  /** The value given when it was a number (so a reader can convert units). */
  receivedNumber?: number;
}

/** A configuration or workload field is missing or impossible. `field` is its dotted path. */
export class SimulationConfigError extends Error {
  override readonly name = 'SimulationConfigError';
  /** The rule and the value, as data; the message is `${field} ${rule} (got ${value})`. */
  readonly rejected: RejectedSetting;
  constructor(
    /** Dotted path of the bad field, e.g. `pool.instances`. */
    readonly field: string,
    message: string,
    rejected?: RejectedSetting,
  ) {
    super(message);
    this.rejected = rejected ?? { rule: message.startsWith(`${field} `) ? message.slice(field.length + 1) : message };
  }
}

/** An open model whose offered utilization is ≥ 1 with unbounded queues: it would never settle. */
export class SimulationOverloadError extends Error {
  override readonly name = 'SimulationOverloadError';
  constructor(
    /** Offered load ÷ capacity (arrival rate × mean service time ÷ total workers × speed). */
    readonly utilization: number,
    message: string,
  ) {
    super(message);
  }
}

/** The run was cancelled through its signal. */
export class SimulationCancelledError extends Error {
  override readonly name = 'SimulationCancelledError';
  constructor(
    /** Events processed before the cancellation was seen. */
    readonly events: number,
  ) {
    super(`simulation cancelled after ${events} events`);
  }
}

/** The run reached its event cap (config.maxEvents) before it finished. */
export class SimulationLimitError extends Error {
  override readonly name = 'SimulationLimitError';
  constructor(
    readonly maxEvents: number,
    /** Simulated time reached, ms. */
    readonly simulatedMs: number,
  ) {
    super(
      `simulation stopped after ${maxEvents} events (maxEvents) at simulated time ${Math.round(simulatedMs)} ms; ` +
        'shorten durationMs or maxRequests, or raise maxEvents',
    );
  }
}
