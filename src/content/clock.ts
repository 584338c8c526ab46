/** Epoch milliseconds for a performance timestamp of this document. */
export const toEpoch = (perfTime: number): number => performance.timeOrigin + perfTime;
export const nowEpoch = (): number => performance.timeOrigin + performance.now();
