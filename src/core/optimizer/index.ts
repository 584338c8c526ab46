/** The adaptive interface optimizer: strategies, plan, findings, URL patterns and proof. */
export * from './types';
export * from './environment';
export * from './input';
export * from './patterns';
export * from './registry';
export * from './plan';
export * from './findings';
export * from './proof';
export type { LazyLoadImagesParams } from './strategies/lazy-load-images';
export type { PrioritizeLcpImageParams } from './strategies/prioritize-lcp-image';
export type { ContentVisibilityParams } from './strategies/content-visibility';
export type { AsyncImageDecodingParams } from './strategies/async-image-decoding';
export type { ReduceMotionParams } from './strategies/reduce-motion';
export { REDUCE_MOTION_CSS } from './strategies/reduce-motion';
export type { HotOrigin, PreconnectHotOriginsParams } from './strategies/preconnect-hot-origins';
export type { PauseOffscreenMediaParams } from './strategies/pause-offscreen-media';
export type { PrefetchNextPagesParams } from './strategies/prefetch-next-pages';
