/**
 * The Sessions view's state: the stored-session list and its row actions (open, rename, delete),
 * the one open export dialog, and the import. A vanilla zustand store, created per mount of the
 * view (as the component state it replaces was) and read by its parts through SessionsContext.
 */
import { createStore } from 'zustand/vanilla';
import { formatBytes, formatCount, formatMs } from '../../core/metrics/format';
import type { Session } from '../../core/model';
import { describeRemoved, ImportError, type ExportFormatId, type RemovedCounts } from '../../core/sessions/index';
import type { SessionList } from '../../shared/protocol-sessions';
import type { PanelBridge } from '../bridge';
import type { CaptureStore } from '../capture/store';
import { saveBlob } from '../download';
import { exportStoredSession } from './export-file';
import { FORMAT_NAMES, sentence } from './format';
import { ImportCancelled, importInWorker, type ImportRun } from './import-file';
import { previewRemovals } from './removal-preview';
import { databaseHandle, type Database } from '../../storage/db';
import { loadStoredSession } from './stored-session';

/** What the export dialog says will be removed: counts, or why they are not shown yet. */
export type RemovalPreview = RemovedCounts | 'counting' | 'too-big' | 'failed';

/** The open export dialog's state (one dialog at a time). */
export interface ExportState {
  /** True when the user asked for a full (unsanitized) export. */
  full: boolean;
  preview: RemovalPreview;
  running: { name: string; read: number; total: number } | null;
  result: string | null;
  error: string | null;
}

/** The import's state: the file being read (bytes of total), and the outcome. */
export interface ImportState {
  progress: { file: string; bytes: number; total: number; phase: 'reading' | 'storing' | 'cancelling' } | null;
  error: string | null;
  done: string | null;
}

export interface SessionsState {
  list: SessionList | null;
  error: string | null;
  notice: string | null;
  /** The row action running (e.g. `open:<id>`, `recording`), or null. */
  busy: string | null;
  renaming: { id: string; name: string } | null;
  confirmDelete: string | null;
  /** The session just imported, highlighted in the list. */
  highlight: string | null;
  /** The session whose export dialog is open. */
  exportFor: string | null;
  exporting: ExportState;
  importing: ImportState;

  refresh(): Promise<void>;
  toggleRecording(): Promise<void>;
  open(session: Session): Promise<void>;
  setRenaming(renaming: { id: string; name: string } | null): void;
  rename(): Promise<void>;
  setConfirmDelete(sessionId: string | null): void;
  remove(session: Session): Promise<void>;

  /** Opens the session's export dialog, or closes it when it is open. */
  toggleExport(sessionId: string): void;
  closeExport(): void;
  setFullExport(full: boolean): void;
  /** Counts what a sanitized export would remove; returns what stops the count. */
  previewExport(sessionId: string): () => void;
  runExport(session: Session, formatId: ExportFormatId): Promise<void>;
  cancelExport(): void;

  /** Imports in a worker: the panel stays responsive, with progress and Cancel. */
  importFile(file: File): Promise<void>;
  /** Stops the running import; nothing of it stays stored. */
  cancelImport(): Promise<void>;
}

export type SessionsStore = ReturnType<typeof createSessionsStore>;

const freshExport = (): ExportState => ({ full: false, preview: 'counting', running: null, result: null, error: null });

export function createSessionsStore(bridge: PanelBridge, capture: CaptureStore, panelDatabase: () => Promise<Database> = databaseHandle()) {
  const tabId = capture.getState().tabId;
  const liveId = () => {
    const s = capture.getState();
    return (s.pinned ? s.liveAside?.session?.id : s.session?.id) ?? null;
  };

  return createStore<SessionsState>()((set, get) => {
    let listRequest = 0;
    // Each opened export dialog is a generation: a late answer for a closed one is dropped.
    let exportGeneration = 0;
    let exportController: AbortController | null = null;
    let previewController: AbortController | null = null;
    let importRun: ImportRun | null = null;

    const setExporting = (generation: number, patch: Partial<ExportState>) => {
      if (generation === exportGeneration) set({ exporting: { ...get().exporting, ...patch } });
    };
    const setImporting = (patch: Partial<ImportState>) => set({ importing: { ...get().importing, ...patch } });

    const act = async (name: string, work: () => Promise<void>) => {
      set({ busy: name, error: null, notice: null });
      try {
        await work();
      } catch (e) {
        set({ error: (e as Error).message });
      } finally {
        set({ busy: null });
      }
    };

    const stopExport = () => {
      exportController?.abort();
      previewController?.abort();
      exportController = null;
      previewController = null;
      exportGeneration++;
    };

    const imported = async (session: Session, evicted: number) => {
      set({ highlight: session.id });
      await get().refresh();
      if (evicted) set({ notice: `To stay within the storage limit, the ${evicted} oldest session(s) were removed.` });
    };

    return {
      list: null,
      error: null,
      notice: null,
      busy: null,
      renaming: null,
      confirmDelete: null,
      highlight: null,
      exportFor: null,
      exporting: freshExport(),
      importing: { progress: null, error: null, done: null },

      async refresh() {
        const mine = ++listRequest;
        try {
          const next = await bridge.request('sessionList', {});
          if (mine === listRequest) set({ list: next });
        } catch (e) {
          if (mine === listRequest) set({ error: `Could not list the stored sessions: ${(e as Error).message}` });
        }
      },

      toggleRecording: () =>
        act('recording', async () => {
          const next = await bridge.request('setRecording', { tabId, recording: !capture.getState().status?.recording });
          capture.setState({ status: next });
          await get().refresh();
        }),

      open: (session) =>
        act(`open:${session.id}`, async () => {
          if (session.id === liveId()) {
            capture.getState().showLive();
          } else {
            const data = await loadStoredSession(await panelDatabase(), session.id);
            capture.getState().showSession(data);
          }
          // Show it where its vitals are (every other view shows it too).
          document.getElementById('tab-overview')?.click();
        }),

      setRenaming(renaming) {
        set({ renaming });
      },

      async rename() {
        const renaming = get().renaming;
        if (!renaming) return;
        const { id, name } = renaming;
        await act(`rename:${id}`, async () => {
          const renamed = await bridge.request('renameSession', { sessionId: id, name });
          set({ renaming: null, notice: `Renamed to “${renamed.name}”.` });
          const state = capture.getState();
          if (state.pinned?.id === id) capture.setState({ pinned: renamed, session: renamed });
          else if (state.session?.id === id) capture.setState({ session: renamed });
          if (state.liveAside?.session?.id === id) capture.setState({ liveAside: { ...state.liveAside, session: renamed } });
          await get().refresh();
        });
      },

      setConfirmDelete(confirmDelete) {
        set({ confirmDelete });
      },

      remove: (session) =>
        act(`delete:${session.id}`, async () => {
          const wasLive = session.id === liveId();
          const next = await bridge.request('deleteSession', { sessionId: session.id });
          set({ list: next, confirmDelete: null });
          if (get().exportFor === session.id) get().closeExport();
          set({ notice: `Deleted “${session.name}”.` });
          const state = capture.getState();
          if (state.pinned?.id === session.id) state.showLive();
          if (wasLive) {
            // The tab's live session is gone: show what the tab has now.
            const { data, status } = await bridge.request('subscribe', { tabId });
            capture.getState().hydrate(data, status);
          }
        }),

      toggleExport(sessionId) {
        const open = get().exportFor === sessionId;
        stopExport();
        set({ exportFor: open ? null : sessionId, exporting: freshExport() });
      },

      closeExport() {
        stopExport();
        set({ exportFor: null, exporting: freshExport() });
      },

      setFullExport(full) {
        setExporting(exportGeneration, { full });
      },

      previewExport(sessionId) {
        const generation = exportGeneration;
        const abort = new AbortController();
        previewController = abort;
        void panelDatabase()
          .then((db) => previewRemovals(db, sessionId, abort.signal))
          .then(
            (counts) => !abort.signal.aborted && setExporting(generation, { preview: counts ?? 'too-big' }),
            () => !abort.signal.aborted && setExporting(generation, { preview: 'failed' }),
          );
        return () => abort.abort();
      },

      async runExport(session, formatId) {
        const generation = exportGeneration;
        const name = FORMAT_NAMES[formatId];
        // The export counts removals itself: a preview still counting would only slow it down.
        if (get().exporting.preview === 'counting') {
          previewController?.abort();
          setExporting(generation, { preview: 'failed' });
        }
        const abort = new AbortController();
        exportController = abort;
        setExporting(generation, { running: { name, read: 0, total: 0 }, result: null, error: null });
        try {
          const exported = await exportStoredSession(await panelDatabase(), session.id, {
            formatId,
            sanitize: !get().exporting.full,
            signal: abort.signal,
            onProgress: ({ read, total }) => setExporting(generation, { running: { name, read, total } }),
          });
          saveBlob(exported.blob, exported.filename);
          setExporting(generation, {
            result:
              `Saved ${exported.filename} (${formatBytes(exported.blob.size)}, written in ${formatMs(exported.ms)}). ` +
              (exported.removed
                ? `Removed: ${describeRemoved(exported.removed)}.`
                : 'Full export: nothing was removed, so the file holds any cookies, authorization headers and tokens the session captured.'),
          });
        } catch (e) {
          const err = e as Error;
          setExporting(generation, {
            error: err.name === 'AbortError' ? 'Export cancelled; no file was saved.' : `The ${name} export failed: ${sentence(err.message)} Nothing was saved; try again, or try another format.`,
          });
        } finally {
          if (exportController === abort) exportController = null;
          setExporting(generation, { running: null });
        }
      },

      cancelExport() {
        exportController?.abort();
      },

      async importFile(file) {
        if (importRun) return;
        set({ importing: { progress: { file: file.name, bytes: 0, total: file.size, phase: 'reading' }, error: null, done: null } });
        let stored = false;
        try {
          const run = importInWorker(panelDatabase, file, (bytes, total) =>
            setImporting({ progress: { file: file.name, bytes, total, phase: bytes < total ? 'reading' : 'storing' } }),
          );
          importRun = run;
          const { format, session } = await run.result;
          stored = true;
          const after = await bridge.request('sessionImported', { sessionId: session.id });
          setImporting({
            done:
              `Imported “${file.name}” (${format === 'har' ? 'HAR' : 'session JSON'}, ${formatBytes(file.size)}) as “${session.name}”: ` +
              `${formatCount(session.counts.requests)} requests, ${formatCount(session.counts.samples)} samples, ${formatCount(session.counts.views)} views.`,
          });
          await imported(session, after.evicted.length);
        } catch (e) {
          const err = e as Error;
          if (err instanceof ImportCancelled) setImporting({ done: `Import of “${file.name}” cancelled. Nothing was stored.` });
          else if (stored) setImporting({ error: `“${file.name}” was imported, but the list could not be refreshed: ${sentence(err.message)} Reopen this view to see it.` });
          else if (err instanceof ImportError) setImporting({ error: `Could not import “${file.name}”: ${sentence(err.message)} Nothing was stored.` });
          else setImporting({ error: `Could not store “${file.name}”: ${sentence(err.message)} Nothing was stored; free some space by deleting old sessions and try again.` });
        } finally {
          importRun = null;
          setImporting({ progress: null });
        }
      },

      async cancelImport() {
        const run = importRun;
        const progress = get().importing.progress;
        if (!run || !progress) return;
        setImporting({ progress: { ...progress, phase: 'cancelling' } });
        try {
          await run.cancel();
        } catch (e) {
          setImporting({ error: `Cancelling the import of “${progress.file}” could not remove what it had stored: ${sentence((e as Error).message)} Delete the session from the list if it appears.` });
        }
      },
    };
  });
}
