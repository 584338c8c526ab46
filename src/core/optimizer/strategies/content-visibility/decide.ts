import { deviceWords, isLowEndDevice } from '../../environment';
import { formatCount, formatMs } from '../../../metrics/format';
import type { OptimizerInput } from '../../input';
import type { Assessment, Strategy } from '../../types';
import { contentVisibilityMeta } from './meta';

/** Rendering time in long frames per load beyond which skipping offscreen content pays. */
const RENDER_MS_THRESHOLD = 200;

export const contentVisibility: Strategy<'content-visibility'> = {
  ...contentVisibilityMeta,
  title: 'Skip rendering offscreen content',
  changes: 'Sets content-visibility: auto and contain-intrinsic-size (its measured size) on long lists, table bodies and sections outside the viewport.',
  revert: 'Restores the previous inline style of each element it touched.',
  expectedMetrics: ['renderMs', 'loafMs', 'INP'],
  liveSafe: true,
  takesEffect: 'now',
  runAt: 'document_idle',
  assess: assessContentVisibility,
  params: (input) =>
    isLowEndDevice(input.environment) ? { minChildren: 10, minHeightPx: 1000, marginPx: 200 } : { minChildren: 20, minHeightPx: 1500, marginPx: 200 },
};

function assessContentVisibility(input: OptimizerInput): Assessment {
  const nodes = input.domNodes;
  const renderMs = input.longFrames.renderMs;
  if (nodes === null && input.longFrames.count === 0) {
    return { applies: false, reason: 'No DOM size or long frames were captured for this page yet' };
  }
  const lowEnd = isLowEndDevice(input.environment);
  const nodeThreshold = lowEnd ? 800 : 1500;
  const bigDom = nodes !== null && nodes >= nodeThreshold;
  const heavyRendering = renderMs >= RENDER_MS_THRESHOLD;
  if (!bigDom && !heavyRendering) {
    const size = nodes === null ? '' : ` (${formatCount(nodes)} nodes)`;
    return { applies: false, reason: `The DOM is small${size} and rendering is quick: there is little offscreen work to skip` };
  }
  const facts = [
    nodes !== null ? `${formatCount(nodes)} DOM nodes` : null,
    renderMs > 0 ? `${formatMs(renderMs, 'short')} of rendering in long frames per load` : null,
  ].filter(Boolean);
  const device = lowEnd ? ` on ${deviceWords(input.environment)}` : '';
  return {
    applies: true,
    reason: `${facts.join(' and ')}${device}; skipping the rendering of offscreen lists and sections cuts that work`,
    impact: (nodes ?? 0) >= nodeThreshold * 3 || renderMs >= 500 ? 'high' : 'medium',
    auto: false,
  };
}
