// `aitest doctor`: is this machine ready? Node version, a browser, a writable results database.
import pc from 'picocolors';
import { locateChromium } from '../../executors/browser/locate.js';
import { describeBrowser } from './install-browser.js';
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';

const MIN_NODE = [20, 19];

export async function doctorCommand(opts: { db: string }, cli: CliContext): Promise<number> {
  const c = pc.createColors(cli.colors);
  let ok = true;
  const line = (state: 'ok' | 'warn' | 'fail', what: string, detail: string): void => {
    const mark = state === 'ok' ? c.green('✓') : state === 'warn' ? c.yellow('!') : c.red('✘');
    cli.stdout.write(`${mark} ${what.padEnd(10)} ${detail}\n`);
  };

  const [major, minor] = process.versions.node.split('.').map(Number);
  const nodeOk = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  line(nodeOk ? 'ok' : 'fail', 'node', `${process.version}${nodeOk ? '' : ` (aitest needs >= ${MIN_NODE.join('.')})`}`);
  ok &&= nodeOk;

  const browser = locateChromium(cli.env);
  if (browser) line('ok', 'browser', `browser tests will use ${describeBrowser(browser)}`);
  else if (cli.env.AITEST_BROWSER_PATH) line('warn', 'browser', `AITEST_BROWSER_PATH=${cli.env.AITEST_BROWSER_PATH} is not an executable: browser tests will be errors. Fix or unset it`);
  else line('warn', 'browser', 'no Chromium found: browser tests will be errors. Run `aitest install-browser`, or set AITEST_BROWSER_PATH');

  try {
    const { openStore } = await import('../../store/sqlite.js');
    const store = openStore(opts.db);
    const runs = store.listRuns({ limit: 1 });
    store.close();
    line('ok', 'database', `${opts.db} is writable${runs.length ? `; newest run ${runs[0].id}` : ''}`);
  } catch (e) {
    ok = false;
    line('fail', 'database', `${opts.db}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return ok ? ExitCode.passed : ExitCode.infra;
}
