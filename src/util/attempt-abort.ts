// The cancellation of one test attempt (timeout or Ctrl-C), in the two shapes executors need.
//
// Why not just an AbortController: an AbortSignal listener costs an EventTarget registration and
// removal per request, and undici then also hooks the response stream's 'close'. Over 10,000 fast api
// tests that was ~10% of the run. undici accepts any EventEmitter-shaped `signal` (`on`/`once`/
// `removeListener` plus `aborted` and `reason`), so the hot path uses this object directly; a real
// AbortSignal is made only when an executor asks for one (browsers, SDKs).

type Listener = () => void;

/** What undici and our own code need to follow an abort: `aborted`, `reason` and EventEmitter-style listeners. */
export interface AbortEmitter {
  readonly aborted: boolean;
  readonly reason: unknown;
  once(event: 'abort', listener: Listener): this;
  on(event: 'abort', listener: Listener): this;
  removeListener(event: 'abort', listener: Listener): this;
}

export class AttemptAbort implements AbortEmitter {
  aborted = false;
  reason: unknown = undefined;
  #listeners: Listener[] = [];
  #controller: AbortController | undefined;

  /** A standard AbortSignal for the same cancellation, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const l of listeners) l();
  }

  on(_event: 'abort', listener: Listener): this {
    if (this.aborted) queueMicrotask(listener);
    else this.#listeners.push(listener);
    return this;
  }

  // Listeners run at most once anyway: an attempt aborts once.
  once(event: 'abort', listener: Listener): this {
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: Listener): this {
    const i = this.#listeners.indexOf(listener);
    if (i !== -1) this.#listeners.splice(i, 1);
    return this;
  }

  /**
   * A child that aborts with its parent, or by itself with a TimeoutError after `ms` (a request's own
   * `timeout`). Call `dispose` when done so neither the timer nor the parent listener outlives the request.
   */
  static withTimeout(parent: AbortEmitter, ms: number, message: string): { abort: AttemptAbort; dispose(): void } {
    const child = new AttemptAbort();
    const follow = (): void => child.abort(parent.reason);
    parent.once('abort', follow);
    const timer = setTimeout(() => child.abort(new DOMException(message, 'TimeoutError')), ms);
    return {
      abort: child,
      dispose() {
        clearTimeout(timer);
        parent.removeListener('abort', follow);
      },
    };
  }
}
