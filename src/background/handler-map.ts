import { cacheHandlers } from './cache-host';
import { coreHandlers } from './core-handlers';
import type { BackgroundContext, PanelHandlers } from './handlers';
import { optimizerHandlers } from './optimizer-host';
import { otlpHandlers } from './otlp-host';
import { sessionsHandlers } from './sessions-host';
import { simulatorHandlers } from './simulator-host';

/** Every panel request the background answers: one line per capability. */
export function panelHandlers(context: BackgroundContext): PanelHandlers {
  return {
    ...coreHandlers(context),
    ...optimizerHandlers(context),
    ...sessionsHandlers(context),
    ...simulatorHandlers(context),
    ...context.alerts.handlers(),
    ...cacheHandlers(context),
    ...otlpHandlers(context),
  };
}
