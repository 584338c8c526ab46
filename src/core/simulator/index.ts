/**
 * The scaling simulator's public API.
 *
 * - runSimulation(config, { signal, onProgress, progressEvery }) → SimulationResult, synchronously.
 * - runSimulationAsync(config, { ..., yieldToHost }) → Promise<SimulationResult>, yielding between slices.
 * - new Simulation(config): advance(events) / progress / result() for a host that drives the slices itself.
 * - compareConfigurations(base, variants, options) → Comparison (rows side by side); compareConfigurationsAsync likewise.
 * - workloadFromSession(sessionData, options) → Workload; validateWorkload / validateConfig for untrusted JSON.
 * - Closed forms (mm1, mmc, md1, erlangC, meanValueAnalysis, …) to set a model beside its theory.
 */
export type {
  AutoscalerConfig,
  BalancerConfig,
  BalancerName,
  CostConfig,
  FailureConfig,
  FailureRate,
  HealthCheckConfig,
  HpaConfig,
  HpaScalingPolicy,
  HpaScalingRules,
  OutputConfig,
  PoolConfig,
  QueueConfig,
  ScheduledFailure,
  SimulationConfig,
  SloConfig,
  TargetTrackingConfig,
} from './config.ts';
export { BALANCER_NAMES } from './config.ts';
export { erlangC, gm1, md1, meanValueAnalysis, mg1, mm1, mmc, roundRobinErlang, supermarketMeanResponse } from './analytic.ts';
export type { Distribution } from './distributions.ts';
export { SimulationCancelledError, SimulationConfigError, SimulationLimitError, SimulationOverloadError } from './errors.ts';
export { Simulation } from './engine.ts';
export type {
  EndpointResult,
  InstanceResult,
  LatencySummary,
  OutcomeCounts,
  ScalingEvent,
  SimulationResult,
  SloResult,
  TimeSeries,
} from './results.ts';
export { mm1Benchmark, mm8Benchmark, openModel } from './reference-models.ts';
export type { AsyncRunOptions, CancelSignal, Comparison, ComparisonRow, ConfigChanges, ConfigVariant, RunOptions } from './run.ts';
export { applyChanges, compareConfigurations, compareConfigurationsAsync, runSimulation, runSimulationAsync } from './run.ts';
export { endpointName, routeTemplate } from '../sessions/routes.ts';
export { classifyInput, SESSION_EXPORT_FORMAT } from './session-file.ts';
export type { SimulatorInput } from './session-file.ts';
export type { NormalizedConfig } from './validate.ts';
export { validateConfig, validateWorkload } from './validate.ts';
export type { ArrivalPattern, ClosedModel, EndpointSpec, OpenModel, SessionWorkloadOptions, Workload } from './workload.ts';
export { WORKLOAD_FORMAT, workloadFromSession } from './workload.ts';
