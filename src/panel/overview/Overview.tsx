import { useMemo } from 'react';
import { isMeasured, NOT_MEASURED, supportOf, whyUnmeasured } from '../../core/metrics/browser-support';
import { formatBytes, formatCount, formatMs } from '../../core/metrics/format';
import { formatVital, RATING_WORDS, VITAL_TITLES } from '../../core/metrics/ratings';
import { captureTotals, latestVitals } from '../../core/metrics/summary';
import { VITAL_NAMES, type Attribution, type VitalName, type VitalSample } from '../../core/model';
import { useCaptureData } from '../context';

/** Attribution fields worth showing under each vital, with their labels and units. */
const ATTRIBUTION_FIELDS: Record<VitalName, [key: string, label: string, unit: 'ms' | 'text' | 'score'][]> = {
  LCP: [['target', 'Element', 'text'], ['url', 'Resource', 'text'], ['timeToFirstByte', 'TTFB', 'ms'], ['resourceLoadDelay', 'Load delay', 'ms'], ['resourceLoadDuration', 'Load duration', 'ms'], ['elementRenderDelay', 'Render delay', 'ms']],
  INP: [['interactionTarget', 'Target', 'text'], ['interactionType', 'Type', 'text'], ['inputDelay', 'Input delay', 'ms'], ['processingDuration', 'Processing', 'ms'], ['presentationDelay', 'Presentation', 'ms'], ['longestScriptURL', 'Longest script', 'text']],
  CLS: [['largestShiftTarget', 'Largest shift', 'text'], ['largestShiftValue', 'Shift value', 'score'], ['loadState', 'Load state', 'text']],
  FCP: [['timeToFirstByte', 'TTFB', 'ms'], ['firstByteToFCP', 'First byte to FCP', 'ms'], ['loadState', 'Load state', 'text']],
  TTFB: [['waitingDuration', 'Waiting', 'ms'], ['dnsDuration', 'DNS', 'ms'], ['connectionDuration', 'Connection', 'ms'], ['requestDuration', 'Request', 'ms'], ['cacheDuration', 'Cache', 'ms']],
};

function AttributionList({ name, attribution }: { name: VitalName; attribution: Attribution }) {
  const rows = ATTRIBUTION_FIELDS[name].filter(([key]) => attribution[key] !== undefined && attribution[key] !== null && attribution[key] !== '');
  if (!rows.length) return null;
  return (
    <dl className="attribution">
      {rows.map(([key, label, unit]) => {
        const value = attribution[key];
        const text = unit === 'ms' ? formatMs(Number(value)) : unit === 'score' ? Number(value).toFixed(3) : String(value);
        return (
          <div key={key}>
            <dt>{label}</dt>
            <dd title={String(value)}>{text}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** What a card shows when the browser does not expose its measurement: said, never a zero. */
function NotMeasured({ why }: { why: string }) {
  return (
    <>
      <p className="value muted">{NOT_MEASURED}</p>
      <p className="muted">{why}</p>
    </>
  );
}

function VitalCard({ name, sample, measured }: { name: VitalName; sample: VitalSample | undefined; measured: boolean }) {
  return (
    <section role="group" aria-label={name} className={`card vital ${sample ? sample.rating : measured ? 'pending' : 'not-measured'}`} title={VITAL_TITLES[name]}>
      <h3>
        <abbr title={VITAL_TITLES[name]}>{name}</abbr> <span className="expansion">{VITAL_TITLES[name]}</span>
      </h3>
      {!sample && !measured ? (
        <NotMeasured why={whyUnmeasured(name)} />
      ) : sample ? (
        <>
          <p className="value">
            <span className="number">{formatVital(name, sample.value)}</span> <span className="rating">{RATING_WORDS[sample.rating]}</span>
          </p>
          <AttributionList name={name} attribution={sample.attribution} />
        </>
      ) : (
        <p className="value muted">waiting…</p>
      )}
    </section>
  );
}

export function Overview() {
  const data = useCaptureData();
  const { views } = data;
  const vitals = useMemo(() => latestVitals(data.samples), [data]);
  const totals = useMemo(() => captureTotals(data.samples, data.requests), [data]);
  const support = supportOf(data.session, views);
  return (
    <div className="overview">
      <div className="vitals">
        {VITAL_NAMES.map((name) => (
          <VitalCard key={name} name={name} sample={vitals[name]} measured={isMeasured(support, name)} />
        ))}
      </div>
      <div className="totals" aria-label="Live totals">
        <section role="group" aria-label="Long animation frames" className="card">
          <h3>Long animation frames</h3>
          {isMeasured(support, 'longFrames') || totals.longFrameCount > 0 ? (
            <>
              <p className="value">{formatMs(totals.longFrameTime)}</p>
              <p className="muted">{formatCount(totals.longFrameCount)} frames, {formatMs(totals.blockingTime)} blocking</p>
            </>
          ) : (
            <NotMeasured why={whyUnmeasured('longFrames')} />
          )}
        </section>
        <section role="group" aria-label="Requests" className="card">
          <h3>Requests</h3>
          <p className="value">{formatCount(totals.requests)}</p>
          <p className="muted">{views.length} views</p>
        </section>
        <section role="group" aria-label="Bytes" className="card">
          <h3>Bytes</h3>
          <p className="value">{formatBytes(totals.transferBytes)}</p>
          <p className="muted">{formatBytes(totals.decodedBytes)} decoded</p>
        </section>
        <section role="group" aria-label="Heap" className="card">
          <h3>Heap</h3>
          <p className={totals.heapUsed === null ? 'value muted' : 'value'}>{totals.heapUsed === null ? (isMeasured(support, 'heap') ? 'unavailable' : NOT_MEASURED) : formatBytes(totals.heapUsed)}</p>
          <p className="muted">
            {totals.heapPeak === null ? (isMeasured(support, 'heap') ? 'no heap samples' : whyUnmeasured('heap')) : `peak ${formatBytes(totals.heapPeak)}`}
            {totals.domNodes !== null ? `, ${formatCount(totals.domNodes)} DOM nodes` : ''}
          </p>
        </section>
      </div>
    </div>
  );
}
