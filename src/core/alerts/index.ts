/** Thresholds, budgets and alerts: the rule engine, its defaults, budget files and automated triggers. */
export * from './units';
export * from './resource-types';
export * from './metrics';
export * from './scope';
export * from './rules';
export * from './engine';
export * from './automation';
export * from './budget-files/index';
