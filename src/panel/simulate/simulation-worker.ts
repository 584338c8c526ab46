/**
 * The panel page's simulation worker: runs one task (posted by simulation-client) off the panel's
 * and the extension's main threads, so capture keeps its latency and Cancel is a terminate().
 */
import { runTask, type SimulationTask, type SimulationWorkerMessage } from './simulation-messages';

/** The part of a dedicated worker's global scope used here (the panel's types are the DOM's). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<SimulationTask>) => void) | null;
  postMessage(message: SimulationWorkerMessage): void;
};

scope.onmessage = (event) => {
  scope.onmessage = null; // one task per worker
  const post = (message: SimulationWorkerMessage) => scope.postMessage(message);
  post({ type: 'done', reply: runTask(event.data, post) });
};
