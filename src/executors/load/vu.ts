// One virtual user of the load generator: runs iterations of the scenario, one request in flight at a
// time, and is its own undici handler (callbacks, no promise or stream per request).
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { evaluateExpect } from '../../assertions/registry.js';
import type { HttpResponseView } from '../../plan/types.js';
import { applyCaptures, type CaptureSink } from '../api/capture.js';
import { flattenHeaders } from '../api/response.js';
import { errorKind } from './error-kind.js';
import type { DispatchRequest, ReadyStep, Scenario } from './scenario.js';

/** What a VU reads from and reports to: the engine running it. */
export interface VuHost {
  readonly scenario: Scenario;
  readonly hardStopped: boolean;
  recordResponse(step: ReadyStep, status: number, durationMs: number, serviceMs: number, bytesIn: number, bytesOut: number): void;
  recordError(step: ReadyStep, kind: string, sent?: boolean): void;
  recordCheck(step: ReadyStep, name: string, ok: boolean, message: string | undefined): void;
  recordIteration(ms: number): void;
  iterationEnded(vu: Vu, end?: number): void;
}

export const now = (): number => performance.now();

/** Named so error classification reads it as a timeout. */
class RequestTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** One virtual user: runs iterations, one request in flight at a time, and is its own undici handler. */
export class Vu {
  busy = false;
  /** Stop after the current iteration (a ramp down). */
  retiring = false;
  captures: Record<string, unknown> = {};
  #engine: VuHost;
  #step = 0;
  #iterationStart = 0;
  #intended = 0;
  #sentAt = 0;
  #status = 0;
  #bytesIn = 0;
  #chunks: Buffer[] | undefined;
  #headers: Record<string, string> | undefined;
  #request: DispatchRequest | undefined;
  #ready: ReadyStep | undefined;
  readonly #sink: CaptureSink;
  readonly #index: number;
  #origin = '';
  #dispatcher: Dispatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timedOut = false;
  #controller: Dispatcher.DispatchController | undefined;
  readonly #onTimeout = (): void => {
    this.#timedOut = true;
    this.#controller?.abort(new RequestTimeoutError('request timed out'));
  };

  readonly #open: boolean;

  constructor(engine: VuHost, index: number, open: boolean) {
    this.#engine = engine;
    this.#index = index;
    this.#open = open;
    const vu = this;
    this.#sink = {
      get captures() { return vu.captures; },
      check: (c) => {
        engine.recordCheck(vu.#ready!, `${c.name}`, c.ok, c.message);
        return c.ok;
      },
      secret: () => {},
    };
  }

  /** `intended`: when the iteration was due (open models), for latency as a user would see it. */
  startIteration(intended: number): void {
    this.busy = true;
    this.#iterationStart = intended;
    if (this.#engine.scenario.usesCaptures) this.captures = {};
    this.#step = 0;
    this.#send(intended);
  }

  #send(intended: number): void {
    const step = this.#engine.scenario.steps[this.#step];
    this.#ready = step;
    let request: DispatchRequest;
    try {
      request = this.#engine.scenario.request(step, this.captures);
    } catch (e) {
      // A template with nothing to read (a capture the last response lacked): this iteration can't go on.
      this.#engine.recordError(step, e instanceof Error && /capture/.test(e.message) ? 'missing capture' : 'other', false);
      this.#endIteration();
      return;
    }
    this.#request = request;
    this.#status = 0;
    this.#bytesIn = 0;
    this.#chunks = step.needsBody ? [] : undefined;
    this.#headers = undefined;
    this.#sentAt = intended;
    this.#intended = intended;
    this.#timedOut = false;
    this.#controller = undefined;
    if (step.timeoutMs !== undefined) this.#timer = setTimeout(this.#onTimeout, step.timeoutMs);
    if (request.origin !== this.#origin || !this.#dispatcher) {
      this.#origin = request.origin;
      this.#dispatcher = this.#engine.scenario.dispatcher(request.origin, this.#index);
    }
    this.#dispatcher.dispatch(request.options, this);
  }

  // ---- undici's dispatch handler (its current hooks)

  // Called as the request is written to its connection, after any wait for a free one: service time
  // starts here, so it is what the server took, while the corrected latency also holds the waits.
  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Closed models send at once: service time is the latency itself, and a clock read per request is saved.
    if (this.#open) this.#sentAt = now();
    this.#controller = controller;
    // Timed out while it waited for a connection.
    if (this.#timedOut) controller.abort(new RequestTimeoutError('request timed out'));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#status = statusCode;
    // Bytes on the wire: the raw header lines, which undici keeps on the controller.
    const raw = controller.rawHeaders;
    if (Array.isArray(raw)) for (let i = 0; i < raw.length; i++) this.#bytesIn += raw[i].length + 2;
    if (this.#ready!.needsHeaders) this.#headers = flattenHeaders(headers);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bytesIn += chunk.length;
    this.#chunks?.push(chunk);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  onResponseEnd(): void {
    this.#clearTimer();
    const end = now();
    const engine = this.#engine;
    const step = this.#ready!;
    engine.recordResponse(step, this.#status, end - this.#intended, end - this.#sentAt, this.#bytesIn, this.#request!.bytesOut);
    if (step.expect || step.spec.capture) this.#inspect(step, end - this.#sentAt);
    this.#next(end);
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.#clearTimer();
    const engine = this.#engine;
    // Requests cut at the hard stop are not the server's errors.
    if (!engine.hardStopped) engine.recordError(this.#ready!, errorKind(err));
    // Not from inside undici's error handling: a closed model would dispatch its next iteration to the
    // very client that is failing this one, which undici does not allow.
    setImmediate(this.#endAfterError);
  }

  readonly #endAfterError = (): void => this.#endIteration();

  #inspect(step: ReadyStep, durationMs: number): void {
    const engine = this.#engine;
    const body = this.#chunks ? Buffer.concat(this.#chunks).toString('utf8') : '';
    let json: unknown;
    if (this.#chunks && body !== '') {
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
    }
    const view: HttpResponseView = { status: this.#status, headers: this.#headers ?? {}, body, json, durationMs };
    const expect = engine.scenario.resolveExpect(step, this.captures);
    if (expect) {
      for (const c of evaluateExpect(expect, view, engine.scenario.cache)) engine.recordCheck(step, c.name, c.ok, c.message);
    }
    if (step.spec.capture) applyCaptures(step.spec.capture, view, this.#sink, engine.scenario.cache);
  }

  #next(end: number): void {
    const steps = this.#engine.scenario.steps;
    const step = steps[this.#step];
    if (this.#engine.hardStopped) return this.#endIteration();
    if (this.#step + 1 >= steps.length) {
      if (step.thinkMs > 0) {
        setTimeout(() => this.#finishIteration(now()), step.thinkMs);
        return;
      }
      return this.#finishIteration(end);
    }
    this.#step++;
    // Later steps are measured from when they are sent: only an iteration's start can be late.
    if (step.thinkMs > 0) setTimeout(() => this.#send(now()), step.thinkMs);
    else this.#send(end);
  }

  #finishIteration(end: number): void {
    this.#engine.recordIteration(end - this.#iterationStart);
    this.#endIteration(end);
  }

  #endIteration(end?: number): void {
    this.busy = false;
    this.#chunks = undefined;
    this.#engine.iterationEnded(this, end);
  }
}
