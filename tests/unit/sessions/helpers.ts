/** Helpers shared by the session tests. */
import { createSyntheticSession, type SyntheticOptions } from '../../fixtures/sessions/synthetic';
import { expect } from 'vitest';
import type { Session, SessionData } from '../../../src/core/model';
import type { ImportRecords } from '../../../src/core/sessions/index';

export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.join('');
}

/** A small synthetic session, the same for every test that asks with the same options. */
export function smallSession(options: SyntheticOptions = {}): SessionData {
  return createSyntheticSession({ samples: 600, requests: 250, views: 8, alerts: 6, ...options });
}

/** A fixed clock for exports, so outputs are reproducible. */
export const EXPORTED_AT = Date.UTC(2025, 5, 1, 12, 0, 0);

/**
 * An RFC 4180 parser, written independently of the exporter: fields separated by commas,
 * records by CRLF, a quoted field may hold commas, CR, LF and doubled quotes.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** A streaming importer's sink that keeps every batch and the session row, and how many batches came before it. */
export function memorySink() {
  const batches: ImportRecords[] = [];
  const state = { session: null as Session | null, writesBeforeFinish: 0 };
  return {
    batches,
    state,
    sink: {
      async write(records: ImportRecords) {
        expect(state.session).toBeNull();
        batches.push(records);
        state.writesBeforeFinish++;
      },
      async finish(session: Session, records: ImportRecords) {
        batches.push(records);
        state.session = session;
      },
    },
    /** Everything the batches and the session row hold, as one session. */
    data(): SessionData {
      const all = (key: keyof ImportRecords) => batches.flatMap((b) => b[key] as unknown[]);
      return { session: state.session!, views: all('views'), samples: all('samples'), requests: all('requests'), alerts: all('alerts') } as SessionData;
    },
  };
}

/** Bytes of `text` cut every `size` bytes (so multi-byte characters get cut too). */
export function byteChunks(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
