/**
 * The few globals every JavaScript runtime the core runs in has (browsers, workers, Node), so
 * the core compiles without the DOM or Node types. Only what the core uses; checked by
 * tsconfig.core.json alone (the other contexts get these from their own libs).
 */

/** A parsed WHATWG URL (the fields the core reads). */
interface URL {
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}
declare var URL: { prototype: URL; new (url: string, base?: string | URL): URL };

/** A UTF-8 (or other encoding) decoder that can decode a stream chunk by chunk. */
interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };

declare var crypto: { randomUUID(): string };
declare var performance: { now(): number };
declare function setTimeout(callback: () => void, ms?: number): unknown;
