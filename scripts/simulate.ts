/**
 * npm run simulate -- --help
 * The scaling simulator on the command line: reads a workload, config or exported session file (or
 * a quick model from flags), runs the engine and prints one JSON object. Exit code 2 on bad input.
 */
import { readFileSync } from 'node:fs';
import { CliUsageError, cliSummary, configFromCli, parseCliArgs, USAGE } from '../src/core/simulator/cli.ts';
import { SimulationConfigError, SimulationLimitError, SimulationOverloadError } from '../src/core/simulator/errors.ts';
import { runSimulation } from '../src/core/simulator/run.ts';

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliUsageError('FILE', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliUsageError('FILE', `${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function main(argv: string[]): number {
  const options = parseCliArgs(argv);
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = configFromCli(options, options.file === undefined ? undefined : readJson(options.file));
  const result = runSimulation(config);
  const summary = cliSummary(config, result, options.full);
  process.stdout.write(`${options.json ? JSON.stringify(summary) : JSON.stringify(summary, null, 2)}\n`);
  return 0;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CliUsageError || error instanceof SimulationConfigError || error instanceof SimulationOverloadError) return 2;
  if (error instanceof SimulationLimitError) return 3;
  return 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`simulate: ${message}\n`);
  process.exitCode = exitCodeFor(error);
}
