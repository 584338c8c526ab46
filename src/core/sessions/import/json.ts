/** Reads an Admin Performance JSON export (see ../export/json.ts) back into a session. */
import * as v from 'valibot';
import type { SessionData } from '../../model';
import { SessionExportBodySchema, describeSchemaIssue } from '../schema';
import { SESSION_EXPORT_FORMAT, SESSION_EXPORT_VERSION } from '../export/json';
import { ImportError } from './errors';
import { assignNewIdentity, newSessionId, type IdentityOptions } from './identity';

export function isSessionExport(parsed: Record<string, unknown>): boolean {
  return parsed.format === SESSION_EXPORT_FORMAT;
}

/** Throws unless the export's version is the one this version reads. */
export function assertExportVersion(parsed: Record<string, unknown>): void {
  if (parsed.version !== SESSION_EXPORT_VERSION) {
    throw new ImportError(
      `unsupported export version ${JSON.stringify(parsed.version)}; this version of Admin Performance reads version ${SESSION_EXPORT_VERSION}`,
    );
  }
}

/** Validates a parsed export; throws ImportError naming the first wrong field. */
export function importJsonExport(parsed: Record<string, unknown>, bytes: number, options: IdentityOptions = {}): SessionData {
  assertExportVersion(parsed);
  const result = v.safeParse(SessionExportBodySchema, parsed, { abortEarly: true });
  if (!result.success) throw new ImportError(describeSchemaIssue(result.issues[0]));
  const { session, views, samples, requests, alerts, actions } = result.output;
  const data: SessionData = { session, views, samples, requests, alerts, ...(actions?.length ? { actions } : {}) };
  return options.preserveIdentity ? data : assignNewIdentity(data, 'imported-json', newSessionId(options), bytes);
}
