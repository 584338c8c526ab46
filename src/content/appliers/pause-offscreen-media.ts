import type { Applier, ApplierContext } from './types';
import { debounced, globalsOf, observeElements, onTreeChange, whenLoaded } from './support/dom';
import { StyleJournal } from './support/style-journal';
import { applyScoped, guarded } from './support/undo';

/**
 * Pauses playing <video>s while they are out of view and plays them again when they come back
 * (only those it paused); sets animation-play-state: paused on elements with running CSS
 * animations while they are out of view. Revert resumes the videos it paused that are still
 * paused and restores the inline styles it changed.
 */
export const pauseOffscreenMediaApplier: Applier<'pause-offscreen-media'> = {
  id: 'pause-offscreen-media',
  apply: (outer) =>
    applyScoped(outer, (ctx, undo) => {
      const Observer = globalsOf(ctx.win).IntersectionObserver;
      if (typeof Observer !== 'function') return;
      const pausedByUs = new Set<HTMLMediaElement>();
      const styles = new StyleJournal();
      const watched = new WeakSet<Element>();

      const onVisibility = (target: Element, visible: boolean) => {
        if (isVideo(target)) {
          if (visible) resume(target, pausedByUs);
          else pause(target, pausedByUs);
        } else if (isStylable(target)) {
          if (visible) styles.restoreElement(target);
          else styles.set(target, 'animation-play-state', 'paused');
        }
      };
      const observer = new Observer(
        guarded(ctx.report, (entries: IntersectionObserverEntry[]) => entries.forEach((entry) => onVisibility(entry.target, entry.isIntersecting))),
        { rootMargin: `${ctx.params.rootMarginPx}px` },
      );
      undo.push(() => {
        observer.disconnect();
        for (const video of pausedByUs) resume(video, pausedByUs);
        styles.restore();
      });

      const watch = (elements: Iterable<Element>) => {
        for (const element of elements) {
          if (watched.has(element)) continue;
          watched.add(element);
          observer.observe(element);
        }
      };
      watch(ctx.doc.querySelectorAll('video'));
      undo.push(observeElements(ctx, { selector: 'video', onElements: watch }));
      if (ctx.params.animations) {
        const scan = () => watch(animatedElements(ctx));
        whenLoaded(ctx, scan);
        undo.push(onTreeChange(ctx, debounced(ctx, scan, 1000)));
      }
    }),
};

function pause(video: HTMLMediaElement, pausedByUs: Set<HTMLMediaElement>): void {
  if (video.paused) return;
  video.pause();
  pausedByUs.add(video);
}

function resume(video: HTMLMediaElement, pausedByUs: Set<HTMLMediaElement>): void {
  if (!pausedByUs.delete(video) || !video.paused) return;
  const playing = video.play() as Promise<void> | undefined;
  playing?.catch(() => {
    // Autoplay policy may refuse; the video then stays paused, as the user can see.
  });
}

/** Elements running a CSS animation of their own (not on a pseudo-element). */
function animatedElements(ctx: ApplierContext<'pause-offscreen-media'>): Element[] {
  const doc = ctx.doc as Document & { getAnimations?: () => Animation[] };
  if (typeof doc.getAnimations !== 'function') return [];
  const elements = new Set<Element>();
  for (const animation of doc.getAnimations()) {
    if (animation.playState !== 'running' || !('animationName' in animation)) continue;
    const effect = animation.effect as KeyframeEffect | null;
    if (effect?.target && !effect.pseudoElement) elements.add(effect.target);
  }
  return [...elements];
}

function isVideo(element: Element): element is HTMLVideoElement {
  return element.localName === 'video';
}

function isStylable(element: Element): element is HTMLElement {
  return 'style' in element;
}
