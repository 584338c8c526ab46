/** Helpers shared by the session tests. */
import { createSyntheticSession, type SyntheticOptions } from '../../fixtures/sessions/synthetic';
import type { SessionData } from '../../../src/core/model';

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
