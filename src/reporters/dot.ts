// A compact reporter for long runs and CI logs: one character per test, details only at the end.
import type { TestResult } from '../events/types.js';
import { createPalette, type Colors } from './format.js';
import { createOutput } from './output.js';
import { createEnding, renderHeader, renderLog } from './terminal.js';
import type { Reporter, ReporterFactory } from './types.js';

const WIDTH = 80;

function dotFor(r: TestResult, c: Colors): string {
  if (r.willRetry) return c.yellow('×');
  switch (r.status) {
    case 'passed': return c.green('.');
    case 'flaky': return c.yellow('~');
    case 'skipped': return c.dim('s');
    case 'failed': return c.red('F');
    case 'timedOut': return c.red('T');
    case 'error': return c.red('E');
    default: return c.magenta('?');
  }
}

export const createDotReporter: ReporterFactory = (options, ctx): Reporter => {
  const out = createOutput(options.file, ctx);
  const c = createPalette(out.colors);
  const ending = createEnding(out, c, { details: true });
  let column = 0;
  const breakLine = (): void => {
    if (column > 0) out.write('\n');
    column = 0;
  };

  return {
    ownsTerminal: out.toTerminal,
    onEvent(e) {
      switch (e.type) {
        case 'run:start':
          out.write(`${renderHeader(e, c)}\n\n`);
          break;
        case 'test:end':
          out.write(dotFor(e.result, c));
          if (++column >= WIDTH) breakLine();
          break;
        case 'run:log': {
          const text = renderLog(e, c);
          if (text) {
            breakLine();
            out.write(`${text}\n`);
          }
          break;
        }
        case 'run:end':
          breakLine();
          break;
      }
      ending.onEvent(e);
    },
    sync: () => out.flush(),
    close() {
      breakLine();
      return ending.close();
    },
  };
};
