import type { StrategyId } from '../../../core/optimizer/catalogue';
import type { ApplierContext, Revert } from '../types';

/** A stack of undo steps, run last first, each contained. */
export class UndoStack {
  private readonly steps: Revert[] = [];
  private readonly errors: unknown[] = [];

  /** Adds a step to run on undo. */
  push(step: Revert): void {
    this.steps.push(step);
  }

  /** Runs every step once, last first; throws the first error after all have run. */
  run(): void {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        step();
      } catch (error) {
        this.errors.push(error);
      }
    }
    if (this.errors.length > 0) throw this.errors.splice(0)[0];
  }
}

/**
 * Runs an applier body that records its undo steps as it goes. If the body throws, the steps
 * recorded so far are undone before the error propagates, so a half-applied strategy leaves
 * nothing behind.
 */
export function applyWithUndo(body: (undo: UndoStack) => void): Revert {
  const undo = new UndoStack();
  try {
    body(undo);
  } catch (error) {
    try {
      undo.run();
    } catch {
      // The body's error is the one worth reporting.
    }
    throw error;
  }
  return () => undo.run();
}

/** Wraps a callback so that its errors are reported instead of thrown into the page. */
export function guarded<Args extends unknown[]>(report: (error: unknown) => void, callback: (...args: Args) => void): (...args: Args) => void {
  return (...args) => {
    try {
      callback(...args);
    } catch (error) {
      report(error);
    }
  };
}

/**
 * Runs an applier body with its own AbortSignal (aborted by the returned revert, and when the
 * caller's signal aborts) and an undo stack, so that the revert alone undoes everything:
 * listeners and observers registered with the signal stop first, then the undo steps run.
 */
export function applyScoped<Id extends StrategyId>(
  ctx: ApplierContext<Id>,
  body: (scoped: ApplierContext<Id>, undo: UndoStack) => void,
): Revert {
  const controller = new AbortController();
  const abort = () => controller.abort();
  ctx.signal.addEventListener('abort', abort, { once: true });
  const detach = () => {
    controller.abort();
    ctx.signal.removeEventListener('abort', abort);
  };
  let undoAll: Revert;
  try {
    undoAll = applyWithUndo((undo) => body({ ...ctx, signal: controller.signal }, undo));
  } catch (error) {
    detach();
    throw error;
  }
  return () => {
    detach();
    undoAll();
  };
}
