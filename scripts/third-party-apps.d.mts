// Types of third-party-apps.mjs, for the end-to-end tests that serve the same templates.
import type { BrowserContext } from 'playwright-core';

/** One open-source admin template served from node_modules, its pages and each page's workload click. */
export interface ThirdPartyApp {
  id: string;
  root: string;
  blocked?: string[];
  pages: { path: string; click: string }[];
}
export const THIRD_PARTY_APPS: ThirdPartyApp[];
export const BLANK_PATH: string;
export const OFFLINE_RESOLVER_FLAG: string;
export function startAppServer(app: ThirdPartyApp, options?: { port?: number }): Promise<{ url: string; close(): Promise<void> }>;
export function isolateFromNetwork(context: BrowserContext, log: string[]): Promise<void>;
