import { describe, expect, it } from 'vitest';
import { emptyAlertState, evaluate, MAX_REMEMBERED_VIEWS, settledViews, type AlertRule, type AlertState, type Budget, type ViewData } from '../../../src/core/alerts';
import { lcpViews, PAGE, viewData } from './fixtures';

function rule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'lcp',
    metric: { id: 'LCP' },
    comparison: '>',
    threshold: { value: 2500, unit: 'ms' },
    severity: 'warning',
    trigger: { kind: 'single' },
    minViews: 1,
    clearAfter: 1,
    ...overrides,
  };
}

function budget(rules: AlertRule[], overrides: Partial<Budget> = {}): Budget[] {
  return [{ id: 'b', name: 'b', enabled: true, scope: { kind: 'all' }, rules, source: 'user', ...overrides }];
}

/** Evaluates views one at a time, as the background does batch by batch; returns every event. */
function stepwise(views: ViewData[], budgets: Budget[], state: AlertState = emptyAlertState()) {
  const events: string[] = [];
  for (const data of views) {
    const result = evaluate(state, [data], budgets);
    state = result.state;
    for (const opened of result.opened) events.push(`open@${data.view.id}`);
    for (const cleared of result.cleared) events.push(`clear@${cleared.clearedViewId}`);
  }
  return { events, state };
}

describe('single-sample trigger', () => {
  it('does not fire exactly at the threshold with ">", fires with ">="', () => {
    const views = lcpViews([2500]);
    expect(evaluate(null, views, budget([rule()])).opened).toHaveLength(0);
    expect(evaluate(null, views, budget([rule({ comparison: '>=' })])).opened).toHaveLength(1);
    expect(evaluate(null, lcpViews([2500.001]), budget([rule()])).opened).toHaveLength(1);
  });

  it('compares in the threshold’s unit (2.5 s is 2,500 ms)', () => {
    expect(evaluate(null, lcpViews([2600]), budget([rule({ threshold: { value: 2.5, unit: 's' } })])).opened).toHaveLength(1);
    expect(evaluate(null, lcpViews([2400]), budget([rule({ threshold: { value: 2.5, unit: 's' } })])).opened).toHaveLength(0);
  });

  it('describes the alert: metric, value, threshold, unit, view and URL', () => {
    const views = lcpViews([3100]);
    const { opened } = evaluate(null, views, budget([rule({ severity: 'critical' })]));
    const alert = opened[0]!.alert;
    expect(alert).toMatchObject({ kind: 'alert', ruleId: 'lcp', metric: 'LCP', value: 3100, threshold: 2500, unit: 'ms', severity: 'critical', viewId: views[0]!.view.id, url: PAGE, t: views[0]!.view.startTime, clearedAt: null });
    expect(alert.message).toBe('LCP 3,100 ms > 2,500 ms, this view (any single view)');
    expect(opened[0]!.sessionId).toBe('s1');
  });

  it('waits for the minimum number of views', () => {
    const { events } = stepwise(lcpViews([3000, 3000, 3000]), budget([rule({ minViews: 3 })]));
    expect(events).toEqual([`open@${events[0]!.slice(5)}`]);
    expect(events).toHaveLength(1);
  });

  it('counts only views that measured the metric towards the minimum', () => {
    const views = [viewData({ vitals: { LCP: 3000 } }), viewData({ vitals: { FCP: 100 } }), viewData({ vitals: { LCP: 3000 } })];
    const { events } = stepwise(views, budget([rule({ minViews: 2 })]));
    expect(events).toEqual([`open@${views[2]!.view.id}`]);
  });
});

describe('clearing without flapping', () => {
  it('clears only after K consecutive views back under the threshold', () => {
    const views = lcpViews([3000, 2000, 3000, 2000, 2000, 3000]);
    const { events } = stepwise(views, budget([rule({ clearAfter: 2 })]));
    const id = (i: number) => views[i]!.view.id;
    // Opens at 0; the dip at 1 is followed by a breach, so it stays open; clears at 4; reopens at 5.
    expect(events).toEqual([`open@${id(0)}`, `clear@${id(4)}`, `open@${id(5)}`]);
  });

  it('alternating values with clearAfter 2 fire once', () => {
    const views = lcpViews([3000, 2000, 3000, 2000, 3000, 2000, 3000]);
    expect(stepwise(views, budget([rule({ clearAfter: 2 })])).events).toHaveLength(1);
  });
});

describe('p75 over the last N views', () => {
  const p75Rule = rule({ trigger: { kind: 'p75', views: 4 }, minViews: 4 });

  it('fires when the p75 of the window crosses, not on one slow view', () => {
    // p75 of [2000, 2000, 2000, 4000] = 2500: exactly at the threshold, no alert.
    expect(stepwise(lcpViews([2000, 2000, 2000, 4000]), budget([p75Rule])).events).toHaveLength(0);
    // p75 of [2000, 2000, 4000, 4000] = 4000 (linear interpolation at rank 2.25).
    const views = lcpViews([2000, 2000, 4000, 4000]);
    const { events } = stepwise(views, budget([p75Rule]));
    expect(events).toEqual([`open@${views[3]!.view.id}`]);
    expect(evaluate(null, views, budget([p75Rule])).opened[0]!.alert.value).toBe(4000);
  });

  it('does not fire with fewer views than the minimum', () => {
    expect(stepwise(lcpViews([5000, 5000, 5000]), budget([p75Rule])).events).toHaveLength(0);
  });

  it('looks only at the last N views', () => {
    const views = lcpViews([9000, 9000, 9000, 9000, 1000, 1000, 1000, 1000]);
    const { events } = stepwise(views, budget([rule({ trigger: { kind: 'p75', views: 4 }, minViews: 4, clearAfter: 1 })]));
    // The p75 of [9000, 1000, 1000, 1000] is still 3000; only four 1000s bring it under.
    expect(events).toEqual([`open@${views[3]!.view.id}`, `clear@${views[7]!.view.id}`]);
  });
});

describe('consistently: N of the last M views', () => {
  const consistent = rule({ trigger: { kind: 'consistently', breaches: 3, views: 5 }, minViews: 1 });

  it('fires on the third breach within five views', () => {
    const views = lcpViews([3000, 2000, 3000, 2000, 3000]);
    expect(stepwise(views, budget([consistent])).events).toEqual([`open@${views[4]!.view.id}`]);
  });

  it('does not fire on two breaches in five', () => {
    expect(stepwise(lcpViews([3000, 2000, 2000, 2000, 3000, 2000]), budget([consistent])).events).toHaveLength(0);
  });

  it('forgets breaches older than M views', () => {
    expect(stepwise(lcpViews([3000, 3000, 2000, 2000, 2000, 2000, 3000]), budget([consistent])).events).toHaveLength(0);
  });
});

describe('nothing fires twice, nothing is missed', () => {
  it('re-evaluating the same views fires nothing new', () => {
    const views = lcpViews([3000, 3100]);
    const first = evaluate(null, views, budget([rule()]));
    expect(first.opened).toHaveLength(1);
    const again = evaluate(first.state, views, budget([rule()]));
    expect(again.opened).toHaveLength(0);
    expect(again.cleared).toHaveLength(0);
    expect(again.state).toEqual(first.state);
  });

  it('survives a round trip through storage (JSON) between breach and evaluation', () => {
    const views = lcpViews([2000, 3000, 3000]);
    const before = evaluate(null, views.slice(0, 1), budget([rule()]));
    const stored = JSON.parse(JSON.stringify(before.state)) as AlertState;
    // The worker stopped: the breaching views arrive together, with the first one again.
    const after = evaluate(stored, views, budget([rule()]));
    expect(after.opened.map((opened) => opened.alert.viewId)).toEqual([views[1]!.view.id]);
  });

  it('gives the same alert id to the same breach, evaluated in one go or view by view', () => {
    const views = lcpViews([2000, 3000]);
    const together = evaluate(null, views, budget([rule()])).opened[0]!.alert.id;
    const { state } = evaluate(null, views.slice(0, 1), budget([rule()]));
    expect(evaluate(state, views.slice(1), budget([rule()])).opened[0]!.alert.id).toBe(together);
  });

  it('does not mutate the previous state', () => {
    const state = emptyAlertState();
    evaluate(state, lcpViews([3000]), budget([rule()]));
    expect(state).toEqual(emptyAlertState());
  });

  it('remembers old views by time once their ids are dropped', () => {
    const views = lcpViews(Array.from({ length: MAX_REMEMBERED_VIEWS + 3 }, () => 1000));
    const { state } = evaluate(null, views, budget([rule()]));
    const stream = Object.values(state.streams)[0]!;
    expect(stream.evaluated).toHaveLength(MAX_REMEMBERED_VIEWS);
    const replay = evaluate(state, [{ ...views[0]!, samples: [Object.assign({}, views[0]!.samples[0], { value: 9999 })] }], budget([rule()]));
    expect(replay.opened).toHaveLength(0);
  });

  it('keeps pages apart: a breach on one page does not open an alert for another', () => {
    const a = viewData({ vitals: { LCP: 3000 }, url: 'https://admin.example.com/a' });
    const b = viewData({ vitals: { LCP: 1000 }, url: 'https://admin.example.com/b?tab=2' });
    const { opened, state } = evaluate(null, [a, b], budget([rule({ trigger: { kind: 'p75', views: 5 } })]));
    expect(opened.map((item) => item.alert.pageKey)).toEqual(['https://admin.example.com/a']);
    expect(Object.keys(state.streams)).toHaveLength(2);
  });
});

describe('rules that change', () => {
  it('clears an open alert at once when its threshold is raised above the values', () => {
    const views = lcpViews([3000]);
    const first = evaluate(null, views, budget([rule()]));
    const raised = evaluate(first.state, [], budget([rule({ threshold: { value: 4000, unit: 'ms' } })]), { now: 123 });
    expect(raised.cleared).toEqual([{ id: first.opened[0]!.alert.id, ruleId: 'lcp', sessionId: 's1', clearedAt: 123, clearedViewId: null, reason: 'rule-changed' }]);
  });

  it('keeps it open when the change still breaches', () => {
    const first = evaluate(null, lcpViews([3000]), budget([rule()]));
    expect(evaluate(first.state, [], budget([rule({ threshold: { value: 2800, unit: 'ms' } })])).cleared).toHaveLength(0);
  });

  it('clears alerts of a deleted or switched-off budget', () => {
    const first = evaluate(null, lcpViews([3000]), budget([rule()]));
    expect(evaluate(first.state, [], budget([rule()], { enabled: false })).cleared[0]!.reason).toBe('rule-removed');
    expect(evaluate(first.state, [], []).cleared[0]!.reason).toBe('rule-removed');
  });

  it('a muted rule never opens on that page and its open alert clears', () => {
    const isMuted = (ruleId: string, pageKey: string) => ruleId === 'lcp' && pageKey === PAGE;
    expect(evaluate(null, lcpViews([3000]), budget([rule()]), { isMuted }).opened).toHaveLength(0);
    const first = evaluate(null, lcpViews([3000]), budget([rule()]));
    expect(evaluate(first.state, lcpViews([3000]), budget([rule()]), { isMuted }).cleared[0]!.reason).toBe('muted');
    // Muting clears the open alert at once, without waiting for another view.
    expect(evaluate(first.state, [], budget([rule()]), { isMuted, now: 5 }).cleared).toMatchObject([{ reason: 'muted', clearedAt: 5 }]);
  });
});

describe('settled views', () => {
  it('holds back the newest view of a running session until it settles', () => {
    const [a, b] = lcpViews([1, 2]);
    const other = viewData({ sessionId: 's2', vitals: { LCP: 3 } });
    const now = b!.view.startTime + 1000;
    expect(settledViews([a!, b!, other], { now }).map((data) => data.view.id)).toEqual([a!.view.id, ...(now - other.view.startTime >= 10_000 ? [other.view.id] : [])]);
    expect(settledViews([a!, b!], { now: b!.view.startTime + 10_000 })).toHaveLength(2);
    expect(settledViews([a!, b!], { now, ended: true })).toHaveLength(2);
  });
});
