// The load generator: virtual users (vu.ts) running the scenario under a workload model, counting as they go.
// Callbacks on undici's dispatch API, not promises: at tens of thousands of requests a second the hot path
// makes no promise, no stream and no object per request beyond what undici itself needs.
import type { Histogram } from 'hdr-histogram-js';
import { createArrivals, vusAt, type Model } from './models.js';
import type { ReadyStep, Scenario } from './scenario.js';
import { measure, summaryOf, type RunFacts } from './measured.js';
import { newHistogram, percentileMs, recordMs, RequestStats } from './stats.js';
import type { Threshold } from '../../plan/threshold-syntax.js';
import { now, Vu } from './vu.js';

export type { LoadSummary, StepSummary, ThresholdOutcome, Tick } from './summary.js';
import type { LoadSummary, ThresholdOutcome, ThresholdRule, Tick } from './summary.js';

export interface EngineOptions {
  model: Model;
  scenario: Scenario;
  rules: ThresholdRule[];
  gracefulStopMs: number;
  onTick(tick: Tick): void;
}

export class LoadEngine {
  readonly scenario: Scenario;
  readonly overall = new RequestStats();
  readonly steps: RequestStats[];
  readonly iterationDuration = newHistogram();
  iterations = 0;
  dropped = 0;
  checkPasses = 0;
  checkFails = 0;
  hardStopped = false;
  #o: EngineOptions;
  #vus: Vu[] = [];
  #idle: Vu[] = [];
  #started = 0;
  #t0 = 0;
  #stopping = false;
  #interrupted = false;
  #abortedBy: string | undefined;
  #timers: NodeJS.Timeout[] = [];
  #wake: NodeJS.Timeout | undefined;
  #finish!: () => void;
  #tick = { requests: 0, failed: 0, iterations: 0, dropped: 0, at: 0 };
  // The latency histogram as it was at the last tick: this second's p95 is read from the difference, so
  // each response is recorded once, not also into a per-second histogram.
  #lastTickHist: Histogram = newHistogram();
  #tickHist: Histogram = newHistogram();

  readonly #perStep: boolean;
  readonly #open: boolean;

  constructor(o: EngineOptions) {
    this.#o = o;
    this.scenario = o.scenario;
    this.#perStep = o.scenario.steps.length > 1;
    this.#open = o.model.kind === 'open';
    // A one-step scenario's step figures are the overall ones (see stepStats).
    this.steps = this.#perStep ? o.scenario.steps.map(() => new RequestStats()) : [this.overall];
  }

  /** Runs the model to its end (or until stop()); resolves with the summary. */
  run(): Promise<LoadSummary> {
    return new Promise<LoadSummary>((resolve) => {
      this.#finish = () => resolve(this.#summary());
      this.#t0 = now();
      // Stopped before it started (Ctrl-C during the warm-up): an empty summary.
      if (this.#interrupted) return this.#end();
      this.#tick.at = this.#t0;
      this.#timers.push(setInterval(() => this.#emitTick(), 1000));
      const m = this.#o.model;
      if (m.kind === 'closed') this.#runClosed(m);
      else this.#runOpen(m);
      if (Number.isFinite(m.durationMs)) this.#timers.push(setTimeout(() => this.#beginStop(), m.durationMs));
    });
  }

  /** Stops starting iterations; running ones get the graceful stop, then are cut. Summary kept. */
  stop(reason: 'interrupted' | 'threshold'): void {
    if (reason === 'threshold') return this.#beginStop();
    // Ctrl-C or a timeout: stop now, cutting requests in flight; the summary covers what completed.
    this.#interrupted = true;
    this.#stopping = true;
    if (this.#t0 !== 0) this.#hardStop();
  }

  #hardStop(): void {
    if (this.hardStopped) return;
    this.hardStopped = true;
    void this.scenario.close().catch(() => {}).then(() => this.#end());
  }

  get #busy(): number {
    let n = 0;
    for (const vu of this.#vus) if (vu.busy) n++;
    return n;
  }

  #runClosed(m: Extract<Model, { kind: 'closed' }>): void {
    const adjust = (): void => {
      if (this.#stopping) return;
      const want = vusAt(m, now() - this.#t0);
      let active = this.#vus.filter((v) => !v.retiring);
      for (let i = active.length; i < want; i++) {
        const reuse = this.#vus.find((v) => v.retiring);
        const vu = reuse ?? new Vu(this, this.#vus.length, this.#open);
        vu.retiring = false;
        if (!reuse) this.#vus.push(vu);
        if (!vu.busy) this.#startClosed(vu);
      }
      active = this.#vus.filter((v) => !v.retiring);
      for (let i = active.length - 1; i >= want; i--) active[i].retiring = true;
    };
    adjust();
    if (m.name === 'ramping-vus') this.#timers.push(setInterval(adjust, 100));
  }

  #startClosed(vu: Vu, at?: number): void {
    const limit = (this.#o.model as { iterations?: number }).iterations;
    if (limit !== undefined && this.#started >= limit) {
      if (!this.#stopping && this.#busy === 0) this.#beginStop();
      return;
    }
    this.#started++;
    vu.startIteration(at ?? now());
  }

  #runOpen(m: Extract<Model, { kind: 'open' }>): void {
    for (let i = 0; i < m.preAllocatedVUs; i++) {
      const vu = new Vu(this, this.#vus.length, this.#open);
      this.#vus.push(vu);
      this.#idle.push(vu);
    }
    const next = createArrivals(m);
    let due = next();
    const schedule = (): void => {
      if (this.#stopping) return;
      const t = now() - this.#t0;
      while (due !== undefined && due <= t) {
        this.#arrive(this.#t0 + due, m.maxVUs);
        due = next();
      }
      if (due === undefined) return; // the duration timer ends the run
      // One pending wake-up at a time, kept apart from #timers so a long run holds no list of spent ones.
      this.#wake = setTimeout(schedule, Math.max(0, due - (now() - this.#t0)));
    };
    schedule();
  }

  #arrive(intended: number, maxVUs: number): void {
    let vu = this.#idle.pop();
    if (!vu && this.#vus.length < maxVUs) {
      vu = new Vu(this, this.#vus.length, this.#open);
      this.#vus.push(vu);
    }
    if (!vu) {
      this.dropped++;
      this.#tick.dropped++;
      return;
    }
    this.#started++;
    vu.startIteration(intended);
  }

  /** `end`: when the iteration's last response arrived, if it did (a closed model's next one starts then). */
  iterationEnded(vu: Vu, end?: number): void {
    if (this.#stopping) {
      if (this.#busy === 0) this.#end();
      return;
    }
    if (this.#open) this.#idle.push(vu);
    else if (!vu.retiring) this.#startClosed(vu, end);
  }

  #beginStop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#busy === 0) return this.#end();
    // Running iterations may finish; after the graceful stop they are cut.
    this.#timers.push(setTimeout(() => this.#hardStop(), this.#o.gracefulStopMs));
  }

  #ended = false;
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const t of this.#timers) clearTimeout(t);
    if (this.#wake) clearTimeout(this.#wake);
    this.#emitTick();
    this.#finish();
  }

  // ---- recording (called by VUs)

  recordResponse(step: ReadyStep, status: number, durationMs: number, serviceMs: number, bytesIn: number, bytesOut: number): void {
    const failed = status >= 400;
    this.#count(this.overall, failed, status, durationMs, serviceMs, bytesIn, bytesOut);
    if (this.#perStep) this.#count(this.steps[step.index], failed, status, durationMs, serviceMs, bytesIn, bytesOut);
    this.#tick.requests++;
    if (failed) this.#tick.failed++;
  }

  /** A request that got no response; `sent: false` for one that could not even be made (a missing capture). */
  // Per request: every histogram recorded costs, and a one-step scenario's step is the whole of it.
  #count(s: RequestStats, failed: boolean, status: number, durationMs: number, serviceMs: number, bytesIn: number, bytesOut: number): void {
    s.requests++;
    if (failed) s.failed++;
    s.bytesIn += bytesIn;
    s.bytesOut += bytesOut;
    s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
    recordMs(s.duration, durationMs);
    // Closed models send at once, so service time is the latency itself: reported for open models only.
    if (this.#open) recordMs(s.service, serviceMs);
  }

  recordError(step: ReadyStep, kind: string, sent = true): void {
    for (const s of this.#perStep ? [this.overall, this.steps[step.index]] : [this.overall]) {
      if (sent) {
        s.requests++;
        s.failed++;
      }
      s.errors.set(kind, (s.errors.get(kind) ?? 0) + 1);
    }
    if (!sent) return;
    this.#tick.requests++;
    this.#tick.failed++;
  }

  recordCheck(step: ReadyStep, name: string, ok: boolean, message: string | undefined): void {
    (this.#perStep ? this.steps[step.index] : this.overall).recordCheck(name, ok, message);
    if (ok) this.checkPasses++;
    else this.checkFails++;
  }

  recordIteration(ms: number): void {
    this.iterations++;
    this.#tick.iterations++;
    recordMs(this.iterationDuration, ms);
  }

  // ---- ticks and thresholds

  #emitTick(): void {
    const at = now();
    const secs = (at - this.#tick.at) / 1000;
    if (secs <= 0.05) return;
    const k = this.#tick;
    const total = this.overall.duration;
    const second = this.#tickHist;
    second.reset();
    second.add(total);
    second.subtract(this.#lastTickHist);
    this.#lastTickHist.reset();
    this.#lastTickHist.add(total);
    const elapsed = at - this.#t0;
    this.#o.onTick({
      t: Math.round(elapsed / 100) / 10, rps: k.requests / secs, p95: percentileMs(second, 95), errors: k.failed,
      vus: this.#busy, iterations: k.iterations, dropped: k.dropped,
      thresholds: this.#o.rules.map((r) => ({ name: `${r.threshold.key}: ${r.threshold.source}`, ok: this.measure(r.threshold, elapsed).ok })),
    });
    k.requests = 0;
    k.failed = 0;
    k.iterations = 0;
    k.dropped = 0;
    k.at = at;
    if (!this.#stopping) this.#checkAborts(elapsed);
  }

  #checkAborts(elapsed: number): void {
    for (const r of this.#o.rules) {
      if (!r.abortOnFail || elapsed < r.delayAbortEvalMs) continue;
      const outcome = this.measure(r.threshold, elapsed);
      if (!outcome.ok) {
        this.#abortedBy = `${r.threshold.key}: ${r.threshold.source}`;
        this.stop('threshold');
        return;
      }
    }
  }

  /** The threshold's metric as measured so far, and whether the condition holds. */
  measure(t: Threshold, elapsedMs: number): ThresholdOutcome {
    return measure(this, t, elapsedMs);
  }

  get stepNames(): string[] {
    return this.scenario.steps.map((s) => s.name);
  }

  #summary(): LoadSummary {
    const m = this.#o.model;
    const facts: RunFacts = { model: m.name, open: m.kind === 'open', durationMs: now() - this.#t0, vusMax: this.#vus.length, interrupted: this.#interrupted };
    if (this.#abortedBy !== undefined) facts.abortedBy = this.#abortedBy;
    return summaryOf(this, this.#o.rules, facts);
  }
}
