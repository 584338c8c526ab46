/** The CI runner's logic: measure runs, aggregate, judge budgets and a baseline, report. */
export * from './metrics';
export * from './aggregate';
export * from './baseline';
export * from './compare';
export * from './budgets';
export { budgetEngine, ruleForRuns } from './budget-engine';
export * from './report';
export * from './junit';
export { CiInputError } from './errors';
