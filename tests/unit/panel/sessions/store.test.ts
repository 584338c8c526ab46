/**
 * The Sessions view's store over a scripted bridge: list refreshes answer in order, rename and
 * delete keep the capture store in step, the export dialog closes with its session, and a failed
 * action reports its message and frees the buttons.
 */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../../src/core/model';
import type { PanelBridge } from '../../../../src/panel/bridge';
import { createCaptureStore } from '../../../../src/panel/capture/store';
import { createSessionsStore } from '../../../../src/panel/sessions/store';
import type { CaptureStatus, PanelReplies, PanelRequests } from '../../../../src/shared/protocol';
import type { SessionList } from '../../../../src/shared/protocol-sessions';
import { createSyntheticSession } from '../../../fixtures/sessions/synthetic';

type Handler = { [K in keyof PanelRequests]?: (args: PanelRequests[K]) => Promise<PanelReplies[K]> };

function scriptedBridge(handlers: Handler) {
  const calls: { name: string; args: unknown }[] = [];
  const bridge = {
    request(name: keyof PanelRequests, args: unknown) {
      calls.push({ name, args });
      const handler = handlers[name] as ((a: unknown) => Promise<unknown>) | undefined;
      return handler ? handler(args) : Promise.reject(new Error(`unexpected request ${name}`));
    },
  } as unknown as PanelBridge;
  return { bridge, calls };
}

const status = { tabId: 1, recording: false, sessionId: null, retention: { evicted: 0 } } as unknown as CaptureStatus;
const listOf = (sessions: Session[]): SessionList => ({ sessions, recording: [], usage: { bytes: 0, maxBytes: 1, sessions: sessions.length, maxSessions: 10 } }) as SessionList;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the sessions store', () => {
  const live = createSyntheticSession({ seed: 21, requests: 3, samples: 3, alerts: 0, views: 1 });
  const stored = createSyntheticSession({ seed: 22, requests: 2, samples: 2, alerts: 0, views: 1 });

  it('keeps the newest list when an older refresh answers last', async () => {
    const answers = [deferred<SessionList>(), deferred<SessionList>()];
    let n = 0;
    const { bridge } = scriptedBridge({ sessionList: () => answers[n++]!.promise });
    const sessions = createSessionsStore(bridge, createCaptureStore(1));
    const first = sessions.getState().refresh();
    const second = sessions.getState().refresh();
    answers[1]!.resolve(listOf([stored.session, live.session]));
    await second;
    answers[0]!.resolve(listOf([live.session]));
    await first;
    expect(sessions.getState().list?.sessions.map((s) => s.id)).toEqual([stored.session.id, live.session.id]);
  });

  it('renames the pinned session in the capture store too, and says so', async () => {
    const capture = createCaptureStore(1);
    capture.getState().hydrate(live, status);
    capture.getState().showSession(stored);
    const renamed = { ...stored.session, name: 'Before the release' };
    const { bridge } = scriptedBridge({ renameSession: async () => renamed, sessionList: async () => listOf([renamed, live.session]) });
    const sessions = createSessionsStore(bridge, capture);
    sessions.getState().setRenaming({ id: stored.session.id, name: renamed.name });
    await sessions.getState().rename();
    expect(capture.getState().pinned?.name).toBe('Before the release');
    expect(capture.getState().session?.name).toBe('Before the release');
    expect(sessions.getState().renaming).toBeNull();
    expect(sessions.getState().notice).toBe('Renamed to “Before the release”.');
    expect(sessions.getState().busy).toBeNull();
  });

  it('deleting the live session closes its export dialog and shows what the tab has now', async () => {
    const capture = createCaptureStore(1);
    capture.getState().hydrate(live, status);
    const { bridge, calls } = scriptedBridge({
      deleteSession: async () => listOf([stored.session]),
      subscribe: async () => ({ data: null, status }),
    });
    const sessions = createSessionsStore(bridge, capture);
    sessions.getState().toggleExport(live.session.id);
    sessions.getState().setFullExport(true);
    expect(sessions.getState().exportFor).toBe(live.session.id);
    sessions.getState().setConfirmDelete(live.session.id);
    await sessions.getState().remove(live.session);
    expect(sessions.getState().exportFor).toBeNull();
    expect(sessions.getState().exporting.full).toBe(false);
    expect(sessions.getState().confirmDelete).toBeNull();
    expect(sessions.getState().list?.sessions).toHaveLength(1);
    expect(sessions.getState().notice).toBe(`Deleted “${live.session.name}”.`);
    expect(calls.map((c) => c.name)).toEqual(['deleteSession', 'subscribe']);
    expect(capture.getState().session).toBeNull();
  });

  it('a failed action reports the error and frees the buttons', async () => {
    const { bridge } = scriptedBridge({ setRecording: async () => Promise.reject(new Error('No tab 1: it was closed.')) });
    const capture = createCaptureStore(1);
    capture.getState().hydrate(live, status);
    const sessions = createSessionsStore(bridge, capture);
    const running = sessions.getState().toggleRecording();
    expect(sessions.getState().busy).toBe('recording');
    await running;
    expect(sessions.getState().error).toBe('No tab 1: it was closed.');
    expect(sessions.getState().busy).toBeNull();
  });

  it('toggling the export dialog of the same session closes it; of another, opens that one fresh', () => {
    const { bridge } = scriptedBridge({});
    const sessions = createSessionsStore(bridge, createCaptureStore(1));
    sessions.getState().toggleExport('a');
    sessions.getState().setFullExport(true);
    sessions.getState().toggleExport('b');
    expect(sessions.getState().exportFor).toBe('b');
    expect(sessions.getState().exporting.full).toBe(false);
    sessions.getState().toggleExport('b');
    expect(sessions.getState().exportFor).toBeNull();
  });
});
