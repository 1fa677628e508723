// `aitest remote status|stop|logs RUN`: a run on an orchestrator, from anywhere with a token.
import { AitestError, ExitCode, exitCodeForError } from '../../errors.js';
import { createEventBus } from '../../events/bus.js';
import { createReporter } from '../../reporters/registry.js';
import type { CliContext } from '../context.js';
import { printError } from '../print-error.js';
import { remoteToken } from '../remote-token.js';

export async function remoteCommand(action: string, runId: string, o: { remote: string; token?: string; tokenFile?: string }, cli: CliContext): Promise<number> {
  try {
    const { followRun, remoteAction, remoteStatus } = await import('../../remote/client.js');
    const token = await remoteToken(o, cli);
    const target = { url: o.remote, ...(token ? { token } : {}) };
    if (action === 'status') cli.stdout.write(`${JSON.stringify(await remoteStatus(target, runId), null, 2)}\n`);
    else if (action === 'stop') cli.stdout.write(`${JSON.stringify(await remoteAction(target, 'stop', runId), null, 2)}\n`);
    else if (action === 'logs') {
      // The run's events from its start, printed as a local run prints them.
      const list = await createReporter('list', { stdout: cli.stdout, stderr: cli.stderr, colors: cli.colors, cwd: cli.cwd, env: cli.env });
      const bus = createEventBus([list], () => {});
      await followRun(target, runId, (e) => bus.emit(e));
      await bus.close();
    } else throw new AitestError('USAGE', `Unknown action "${action}".`, { hint: 'aitest remote status|stop|logs RUN_ID --remote URL' });
    return ExitCode.passed;
  } catch (e) {
    printError(e, cli);
    return exitCodeForError(e);
  }
}
