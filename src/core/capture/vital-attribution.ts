/**
 * Core Web Vitals attribution computed from the entries web-vitals' standard build reports,
 * once per delivered sample. web-vitals' attribution build computes the same breakdowns on
 * every change and keeps observers of its own (long animation frames, resources) beside ours:
 * two to five times the main-thread cost of the standard build on the pages of `npm run bench`. The
 * formulas follow the attribution build's documented definitions (web.dev's LCP, INP, CLS,
 * FCP and TTFB breakdowns); the inputs are plain numbers, so this file has no DOM in it.
 */
import type { Attribution } from '../model';

/** The navigation timing fields the breakdowns read (a PerformanceNavigationTiming has them). */
export interface NavigationTimingLike {
  activationStart?: number;
  workerStart?: number;
  fetchStart: number;
  domainLookupStart: number;
  connectStart: number;
  connectEnd: number;
  responseStart: number;
  domInteractive: number;
  domContentLoadedEventStart: number;
  domComplete: number;
}

/** Where the document was in its load when something happened (web-vitals' `loadState`). */
export type LoadState = 'loading' | 'dom-interactive' | 'dom-content-loaded' | 'complete';

export function loadStateAt(time: number, navigation: NavigationTimingLike | null, stillLoading: boolean): LoadState {
  if (stillLoading) return 'loading';
  if (!navigation) return 'complete';
  if (time < navigation.domInteractive) return 'loading';
  if (navigation.domContentLoadedEventStart === 0 || time < navigation.domContentLoadedEventStart) return 'dom-interactive';
  if (navigation.domComplete === 0 || time < navigation.domComplete) return 'dom-content-loaded';
  return 'complete';
}

const ttfbOf = (navigation: NavigationTimingLike): number => Math.max(0, navigation.responseStart - (navigation.activationStart ?? 0));

/** The resource timing of the LCP element's image, if it had one. */
export interface LcpResourceLike {
  startTime: number;
  requestStart: number;
  responseEnd: number;
}

/** LCP as time to first byte, resource load delay, resource load duration and element render delay (they sum to the value). */
export function lcpBreakdown(value: number, navigation: NavigationTimingLike | null, resource: LcpResourceLike | null): Attribution {
  if (!navigation) return { timeToFirstByte: 0, resourceLoadDelay: 0, resourceLoadDuration: 0, elementRenderDelay: value };
  const activation = navigation.activationStart ?? 0;
  const ttfb = ttfbOf(navigation);
  const requestStart = Math.max(ttfb, resource ? (resource.requestStart || resource.startTime) - activation : 0);
  const responseEnd = Math.min(value, Math.max(requestStart, resource ? resource.responseEnd - activation : 0));
  return {
    timeToFirstByte: ttfb,
    resourceLoadDelay: requestStart - ttfb,
    resourceLoadDuration: responseEnd - requestStart,
    elementRenderDelay: value - responseEnd,
  };
}

/** FCP as time to first byte and first byte to FCP. */
export function fcpBreakdown(value: number, navigation: NavigationTimingLike | null): Attribution {
  const ttfb = navigation ? ttfbOf(navigation) : 0;
  return { timeToFirstByte: ttfb, firstByteToFCP: value - ttfb };
}

/** TTFB as waiting, cache, DNS, connection and request durations (they sum to the value). */
export function ttfbBreakdown(value: number, navigation: NavigationTimingLike | null): Attribution {
  if (!navigation) return { waitingDuration: 0, cacheDuration: 0, dnsDuration: 0, connectionDuration: 0, requestDuration: 0 };
  const activation = navigation.activationStart ?? 0;
  const waitEnd = Math.max((navigation.workerStart || navigation.fetchStart || 0) - activation, 0);
  const dnsStart = Math.max(navigation.domainLookupStart - activation, 0);
  const connectStart = Math.max(navigation.connectStart - activation, 0);
  const connectEnd = Math.max(navigation.connectEnd - activation, 0);
  return {
    waitingDuration: waitEnd,
    cacheDuration: dnsStart - waitEnd,
    dnsDuration: connectStart - dnsStart,
    connectionDuration: connectEnd - connectStart,
    requestDuration: value - connectEnd,
  };
}

/** The index of the largest of these layout shifts (the first of equals), -1 if none. */
export function largestShiftIndex(shifts: readonly { value: number }[]): number {
  let best = -1;
  for (let i = 0; i < shifts.length; i++) if (best < 0 || shifts[i]!.value > shifts[best]!.value) best = i;
  return best;
}

/** An Event Timing entry of the INP interaction. */
export interface EventTimingLike {
  name: string;
  startTime: number;
  duration: number;
  processingStart: number;
  processingEnd: number;
}

/** A script inside a long animation frame. */
export interface FrameScriptLike {
  startTime: number;
  duration: number;
  sourceURL: string;
  invoker: string;
  forcedStyleAndLayoutDuration: number;
}

/** A long animation frame. */
export interface AnimationFrameLike {
  startTime: number;
  duration: number;
  styleAndLayoutStart: number;
  scripts: readonly FrameScriptLike[];
}

/** The longest URL or invoker string kept in an attribution. */
const MAX_STRING = 2048;

/** Event entries presented within this many ms of each other were handled in the same frame. */
const SAME_FRAME_MS = 8;

/**
 * INP as input delay, processing duration and presentation delay, and, from the long animation
 * frames that overlap it, where the time went: script, style and layout, paint, and the longest
 * script with the part of the interaction it fell in. `events` are the interaction's entries;
 * `frameEvents`, other event entries seen lately: those presented in the same frame count
 * towards its processing, as they delayed the same paint.
 */
export function inpBreakdown(events: readonly EventTimingLike[], frames: readonly AnimationFrameLike[], frameEvents: readonly EventTimingLike[] = []): Attribution {
  const first = events[0];
  if (!first) return { inputDelay: 0, processingDuration: 0, presentationDelay: 0, longAnimationFrames: 0 };
  const renderTime = first.startTime + first.duration;
  let groupStart = Infinity;
  let groupEnd = -Infinity;
  for (const list of [events, frameEvents]) {
    for (const e of list) {
      if (Math.abs(e.startTime + e.duration - renderTime) > SAME_FRAME_MS) continue;
      groupStart = Math.min(groupStart, e.processingStart);
      groupEnd = Math.max(groupEnd, e.processingEnd);
    }
  }
  const interactionTime = first.startTime;
  const processingStart = Math.max(groupStart, interactionTime);
  const nextPaintTime = Math.max(interactionTime + first.duration, processingStart);
  const processingEnd = Math.min(groupEnd, nextPaintTime);
  const inputDelay = processingStart - interactionTime;
  const processingDuration = processingEnd - processingStart;
  const out: Attribution = {
    interactionType: first.name.startsWith('key') ? 'keyboard' : 'pointer',
    interactionTime,
    nextPaintTime,
    inputDelay,
    processingDuration,
    presentationDelay: nextPaintTime - processingEnd,
  };
  const overlapping = frames.filter((f) => f.startTime + f.duration >= interactionTime && f.startTime <= processingEnd);
  out.longAnimationFrames = overlapping.length;
  if (!overlapping.length) return out;

  let script = 0;
  let styleAndLayout = 0;
  let longest: FrameScriptLike | null = null;
  let longestDuration = 0;
  let longestSubpart = '';
  for (const frame of overlapping) {
    if (frame.styleAndLayoutStart > 0) styleAndLayout += frame.startTime + frame.duration - frame.styleAndLayoutStart;
    for (const s of frame.scripts) {
      const end = s.startTime + s.duration;
      if (end < interactionTime) continue;
      const intersecting = end - Math.max(interactionTime, s.startTime);
      const forced = s.duration ? (intersecting / s.duration) * s.forcedStyleAndLayoutDuration : 0;
      script += intersecting - forced;
      styleAndLayout += forced;
      if (intersecting > longestDuration) {
        longest = s;
        longestDuration = intersecting;
        longestSubpart =
          s.startTime < interactionTime + inputDelay ? 'input-delay' : s.startTime >= interactionTime + inputDelay + processingDuration ? 'presentation-delay' : 'processing-duration';
      }
    }
  }
  const last = overlapping[overlapping.length - 1]!;
  const lastEnd = last.startTime + last.duration;
  const paint = lastEnd >= interactionTime + inputDelay + processingDuration ? nextPaintTime - lastEnd : 0;
  out.totalScriptDuration = script;
  out.totalStyleAndLayoutDuration = styleAndLayout;
  out.totalPaintDuration = paint;
  out.totalUnattributedDuration = nextPaintTime - interactionTime - script - styleAndLayout - paint;
  if (longest) {
    out.longestScriptURL = longest.sourceURL.slice(0, MAX_STRING);
    out.longestScriptInvoker = longest.invoker.slice(0, MAX_STRING);
    out.longestScriptSubpart = longestSubpart;
    out.longestScriptDuration = longestDuration;
  }
  return out;
}
