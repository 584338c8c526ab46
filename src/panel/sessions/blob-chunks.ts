/** Reading a Blob (a chosen File) as a stream, in the panel or in its import worker. */

/**
 * A Blob's bytes chunk by chunk. ReadableStream is not async-iterable before Chrome 124 (the
 * manifest allows 123), so this reads it with a reader; stopping early cancels the read.
 */
export async function* blobChunks(blob: Blob, onBytes?: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      onBytes?.(next.value.byteLength);
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
