// What stays in the terminal after the dashboard: the summary and the failures with their details,
// printed when the dashboard has closed (the dashboard's frames are gone from the scrollback otherwise).
import { createPalette } from './format.js';
import { createOutput } from './output.js';
import { createEnding } from './terminal.js';
import type { Reporter, ReporterContext } from './types.js';

/** `skip()` is asked at close: true when the dashboard stays up for a rerun and nothing should print yet. */
export function createEndingReporter(ctx: ReporterContext, skip: () => boolean): Reporter {
  const out = createOutput(undefined, ctx);
  const ending = createEnding(out, createPalette(out.colors), { details: true, atClose: true });
  return {
    // The dashboard owns the terminal while the run goes on; this writes only after it has left.
    ownsTerminal: false,
    onEvent: (e) => ending.onEvent(e),
    close: async () => {
      if (!skip()) await ending.close();
    },
  };
}
