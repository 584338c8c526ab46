/**
 * Starts a simulation task in a dedicated Worker of the panel page. The worker ends with the page,
 * so closing the panel stops a run; cancel() terminates it at once.
 */
import { cancelledFailure, type SimulationReply, type SimulationTask, type SimulationWorkerMessage } from './simulation-messages';

/** A task in progress: its reply (a cancelled failure after cancel()), and how to stop it. */
export interface SimulationJob<T extends SimulationTask> {
  reply: Promise<SimulationReply<T>>;
  cancel(): void;
}

/** Starts `task`; `onProgress` gets the fraction done and the line to show. */
export type StartSimulation = <T extends SimulationTask>(task: T, onProgress: (fraction: number, message: string) => void) => SimulationJob<T>;

/** StartSimulation with a new module Worker per task. */
export const startSimulationWorker: StartSimulation = (task, onProgress) => {
  const worker = new Worker(new URL('./simulation-worker.ts', import.meta.url), { type: 'module', name: 'simulation' });
  let events = 0;
  let settle: ((reply: SimulationReply<typeof task>) => void) | null = null;
  let fail: ((error: Error) => void) | null = null;
  const reply = new Promise<SimulationReply<typeof task>>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const end = () => {
    worker.terminate();
    settle = null;
    fail = null;
  };
  worker.onmessage = (event: MessageEvent<SimulationWorkerMessage>) => {
    const message = event.data;
    if (message.type === 'progress') {
      events = message.events;
      if (settle) onProgress(message.fraction, message.message);
      return;
    }
    settle?.(message.reply as SimulationReply<typeof task>);
    end();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail?.(new Error(`The simulation stopped with an error in its worker (${event.message || 'the worker could not start'}). Run it again; if it keeps failing, reload the panel.`));
    end();
  };
  worker.postMessage(task);
  return {
    reply,
    cancel() {
      settle?.(cancelledFailure(events));
      end();
    },
  };
};
