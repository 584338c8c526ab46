/** The device and network the page runs on, as the content script reads them. */
export interface OptimizerEnvironment {
  /** Network Information API effectiveType: 'slow-2g' | '2g' | '3g' | '4g', null when unsupported. */
  effectiveType: string | null;
  /** The user asked to save data (Save-Data / connection.saveData). */
  saveData: boolean;
  /** Approximate device memory in GB (navigator.deviceMemory), null when unsupported. */
  deviceMemory: number | null;
  /** Logical CPU cores (navigator.hardwareConcurrency), null when unknown. */
  hardwareConcurrency: number | null;
  /** The OS asks for reduced motion (prefers-reduced-motion: reduce). */
  prefersReducedMotion: boolean;
  /** window.devicePixelRatio, used to judge oversized images (2 is assumed when absent). */
  devicePixelRatio?: number;
}

/** An environment about which nothing is known: no strategy is adapted to it. */
export const UNKNOWN_ENVIRONMENT: OptimizerEnvironment = {
  effectiveType: null,
  saveData: false,
  deviceMemory: null,
  hardwareConcurrency: null,
  prefersReducedMotion: false,
};

/** 4 GB of memory or less, or 4 cores or fewer: main-thread work costs more here. */
export function isLowEndDevice(environment: OptimizerEnvironment): boolean {
  const { deviceMemory, hardwareConcurrency } = environment;
  return (deviceMemory !== null && deviceMemory <= 4) || (hardwareConcurrency !== null && hardwareConcurrency <= 4);
}

/** A 2g or slower connection. */
export function isVerySlowNetwork(environment: OptimizerEnvironment): boolean {
  return environment.effectiveType === '2g' || environment.effectiveType === 'slow-2g';
}

/** A 3g or slower connection: each round trip costs hundreds of milliseconds. */
export function isSlowNetwork(environment: OptimizerEnvironment): boolean {
  return isVerySlowNetwork(environment) || environment.effectiveType === '3g';
}

/** Every byte counts: Save-Data is on or the connection is 2g or slower. */
export function isDataConstrained(environment: OptimizerEnvironment): boolean {
  return environment.saveData || isVerySlowNetwork(environment);
}

/** Words for why data is constrained, e.g. "Save-Data is on" or "the connection is 2g". */
export function dataConstraintWords(environment: OptimizerEnvironment): string {
  return environment.saveData ? 'Save-Data is on' : `the connection is ${environment.effectiveType ?? 'slow'}`;
}

/** Words for the device, e.g. "a 4-core device with 2 GB of memory". */
export function deviceWords(environment: OptimizerEnvironment): string {
  const parts: string[] = [];
  if (environment.hardwareConcurrency !== null) parts.push(`${environment.hardwareConcurrency}-core`);
  const memory = environment.deviceMemory !== null ? ` with ${environment.deviceMemory} GB of memory` : '';
  return `a ${parts.length ? parts.join(' ') + ' ' : ''}device${memory}`;
}
