// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pauseOffscreenMediaApplier } from '../../../../src/content/appliers/pause-offscreen-media';
import { abortAllContexts, contextFor, flush, resetDocument, snapshot } from './dom-fixtures';

/** An IntersectionObserver the test drives by hand. */
class FakeIntersectionObserver {
  static last: FakeIntersectionObserver | null = null;
  readonly targets = new Set<Element>();
  disconnected = false;
  constructor(
    private readonly callback: (entries: IntersectionObserverEntry[]) => void,
    readonly options: IntersectionObserverInit,
  ) {
    FakeIntersectionObserver.last = this;
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  disconnect() {
    this.disconnected = true;
    this.targets.clear();
  }
  show(target: Element, isIntersecting: boolean) {
    if (this.targets.has(target)) this.callback([{ target, isIntersecting } as IntersectionObserverEntry]);
  }
}

/** A <video> whose playback the test can see (happy-dom does not play media). */
function fakeVideo(playing: boolean): HTMLVideoElement & { play: ReturnType<typeof vi.fn>; pause: ReturnType<typeof vi.fn> } {
  const video = document.createElement('video');
  let paused = !playing;
  Object.defineProperty(video, 'paused', { get: () => paused });
  Object.defineProperty(video, 'pause', { value: vi.fn(() => void (paused = true)) });
  Object.defineProperty(video, 'play', { value: vi.fn(() => ((paused = false), Promise.resolve())) });
  return video as never;
}

describe('pause-offscreen-media applier', () => {
  const original = Object.getOwnPropertyDescriptor(window, 'IntersectionObserver');
  let spinner: HTMLElement;
  beforeEach(() => {
    resetDocument('<div class="spinner" style="color: red"></div><div class="static"></div>');
    spinner = document.querySelector('.spinner')!;
    Object.defineProperty(window, 'IntersectionObserver', { value: FakeIntersectionObserver, configurable: true, writable: true });
    Object.defineProperty(document, 'getAnimations', {
      configurable: true,
      value: () => [
        { playState: 'running', animationName: 'spin', effect: { target: spinner, pseudoElement: null } },
        { playState: 'running', animationName: 'glow', effect: { target: document.querySelector('.static'), pseudoElement: '::before' } },
        { playState: 'paused', animationName: 'x', effect: { target: document.body, pseudoElement: null } },
      ],
    });
  });
  afterEach(() => {
    abortAllContexts();
    if (original) Object.defineProperty(window, 'IntersectionObserver', original);
    delete (document as unknown as Record<string, unknown>).getAnimations;
  });

  it('pauses a playing video out of view and resumes it when it is back', () => {
    const video = fakeVideo(true);
    document.body.append(video);
    pauseOffscreenMediaApplier.apply(contextFor<'pause-offscreen-media'>({ rootMarginPx: 100, animations: true }).ctx);
    const observer = FakeIntersectionObserver.last!;
    expect(observer.options.rootMargin).toBe('100px');
    observer.show(video, false);
    expect(video.pause).toHaveBeenCalledTimes(1);
    observer.show(video, true);
    expect(video.play).toHaveBeenCalledTimes(1);
  });

  it('does not start a video the user had paused', () => {
    const video = fakeVideo(false);
    document.body.append(video);
    pauseOffscreenMediaApplier.apply(contextFor<'pause-offscreen-media'>({ rootMarginPx: 0, animations: false }).ctx);
    FakeIntersectionObserver.last!.show(video, false);
    FakeIntersectionObserver.last!.show(video, true);
    expect(video.pause).not.toHaveBeenCalled();
    expect(video.play).not.toHaveBeenCalled();
  });

  it('watches videos inserted later', async () => {
    pauseOffscreenMediaApplier.apply(contextFor<'pause-offscreen-media'>({ rootMarginPx: 0, animations: false }).ctx);
    const video = fakeVideo(true);
    document.body.append(video);
    await flush();
    FakeIntersectionObserver.last!.show(video, false);
    expect(video.pause).toHaveBeenCalled();
  });

  it('pauses CSS animations of offscreen elements and restores their style', () => {
    const before = spinner.outerHTML;
    pauseOffscreenMediaApplier.apply(contextFor<'pause-offscreen-media'>({ rootMarginPx: 0, animations: true }).ctx);
    const observer = FakeIntersectionObserver.last!;
    expect([...observer.targets]).toEqual([spinner]); // not the pseudo-element's host, not the paused one
    observer.show(spinner, false);
    expect(spinner.style.getPropertyValue('animation-play-state')).toBe('paused');
    observer.show(spinner, true);
    expect(spinner.outerHTML).toBe(before);
  });

  it('reverts fully: resumes what it paused, restores styles, stops observing', () => {
    const video = fakeVideo(true);
    document.body.append(video);
    const before = snapshot();
    const revert = pauseOffscreenMediaApplier.apply(contextFor<'pause-offscreen-media'>({ rootMarginPx: 0, animations: true }).ctx);
    const observer = FakeIntersectionObserver.last!;
    observer.show(video, false);
    observer.show(spinner, false);
    revert();
    expect(video.play).toHaveBeenCalledTimes(1);
    expect(video.paused).toBe(false);
    expect(observer.disconnected).toBe(true);
    expect(snapshot()).toEqual(before);
  });

  it('does nothing where IntersectionObserver is missing', () => {
    Object.defineProperty(window, 'IntersectionObserver', { value: undefined, configurable: true, writable: true });
    const before = snapshot();
    const revert = pauseOffscreenMediaApplier.apply(contextFor<'pause-offscreen-media'>({ rootMarginPx: 0, animations: true }).ctx);
    revert();
    expect(snapshot()).toEqual(before);
  });
});
