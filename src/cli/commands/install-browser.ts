// `aitest install-browser [chromium|firefox|webkit]`: gets a browser onto this machine, or says exactly how to.
// Chromium: one already found is enough; else Playwright's installer; else apt-get (as root); else the commands to run.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pc from 'picocolors';
import { locateChromium, type BrowserLocation } from '../../executors/browser/locate.js';
import { ExitCode } from '../../errors.js';
import type { TextSink } from '../../reporters/types.js';
import type { CliContext } from '../context.js';

const INSTALLABLE_BROWSERS = ['chromium', 'firefox', 'webkit'] as const;
export type InstallableBrowser = (typeof INSTALLABLE_BROWSERS)[number];

/** How one installer step went; `detail` says why it failed. */
export interface StepResult {
  ok: boolean;
  detail?: string;
}

/** Everything the command does to the machine, so tests can replace it. */
export interface BrowserInstaller {
  /** The Chromium-family browser aitest would use now. */
  find(): BrowserLocation | undefined;
  /** `playwright-core install <browser>`, output shown to the user. */
  runPlaywrightInstall(browser: InstallableBrowser): Promise<StepResult>;
  /** `apt-get install -y chromium` (with an `apt-get update` first if the package is unknown). */
  runApt(): Promise<StepResult>;
  isRoot(): boolean;
  hasApt(): boolean;
}

const PLAYWRIGHT_TIMEOUT_MS = 120_000;
const APT_TIMEOUT_MS = 600_000;
const APT_PACKAGE = 'chromium';

const SOURCE_LABEL: Record<BrowserLocation['source'], string> = {
  AITEST_BROWSER_PATH: 'from AITEST_BROWSER_PATH',
  playwright: "Playwright's browser cache",
  system: 'installed on the system',
};

/** `/usr/bin/chromium (installed on the system)` */
export function describeBrowser(b: BrowserLocation): string {
  return `${b.path} (${SOURCE_LABEL[b.source]})`;
}

export async function installBrowserCommand(
  browser: InstallableBrowser,
  cli: CliContext,
  signal?: AbortSignal,
  installer: BrowserInstaller = systemInstaller(cli.env, signal, cli.stderr),
): Promise<number> {
  const c = pc.createColors(cli.colors);
  const say = (s: string): void => cli.stdout.write(`${s}\n`);
  const fail = (s: string): void => cli.stderr.write(`${c.red('error:')} ${s}\n`);
  const interrupted = (): boolean => signal?.aborted === true;

  if (browser !== 'chromium') {
    say(`Installing ${browser} with Playwright's installer…`);
    const r = await installer.runPlaywrightInstall(browser);
    if (interrupted()) return ExitCode.interrupted;
    if (r.ok) {
      say(`${c.green('✓')} ${browser} is installed in Playwright's browser cache.`);
      return ExitCode.passed;
    }
    fail(`Playwright's installer could not install ${browser}${r.detail ? `: ${r.detail}` : ''}.`);
    cli.stderr.write(
      `It downloads from the Playwright CDN, so it needs internet access (or a mirror in PLAYWRIGHT_DOWNLOAD_HOST).\n` +
        `Try it yourself to see the whole output:\n  npx playwright install ${browser}\n`,
    );
    return ExitCode.infra;
  }

  const found = installer.find();
  if (found) {
    say(`${c.green('✓')} A browser is already available: ${describeBrowser(found)}. Nothing to install.`);
    return ExitCode.passed;
  }
  // A set AITEST_BROWSER_PATH is the only browser aitest will use, so installing another would not help.
  if (cli.env.AITEST_BROWSER_PATH) {
    fail(`AITEST_BROWSER_PATH=${cli.env.AITEST_BROWSER_PATH} is not an executable browser.`);
    cli.stderr.write('aitest uses only that path while it is set: point it at a Chrome/Chromium executable, or unset it and run `aitest install-browser` again.\n');
    return ExitCode.infra;
  }

  const tried: string[] = [];
  say("No Chromium found. Trying Playwright's installer (npx playwright install chromium)…");
  const pw = await installer.runPlaywrightInstall('chromium');
  if (interrupted()) return ExitCode.interrupted;
  if (pw.ok) {
    const now = installer.find();
    if (now) return installed(now);
    tried.push("Playwright's installer finished, but aitest still finds no Chromium (is PLAYWRIGHT_BROWSERS_PATH set to 0?)");
  } else {
    tried.push(`Playwright's installer failed${pw.detail ? `: ${pw.detail}` : ''}`);
  }

  const root = installer.isRoot();
  const apt = installer.hasApt();
  if (root && apt) {
    say(`Trying the system package: apt-get install -y ${APT_PACKAGE}…`);
    const r = await installer.runApt();
    if (interrupted()) return ExitCode.interrupted;
    if (r.ok) {
      const now = installer.find();
      if (now) return installed(now);
      tried.push(`apt-get installed ${APT_PACKAGE}, but aitest still finds no Chromium`);
    } else {
      tried.push(`apt-get install -y ${APT_PACKAGE} failed${r.detail ? `: ${r.detail}` : ''}`);
    }
  } else if (apt) {
    tried.push('apt-get was not tried: it needs root');
  }

  fail('No browser could be installed automatically.');
  for (const t of tried) cli.stderr.write(`  - ${t}\n`);
  const aptLine = `${root ? '' : 'sudo '}apt-get install -y ${APT_PACKAGE}`;
  cli.stderr.write(
    'Install one yourself with one of these, then check with `aitest doctor`:\n' +
      `  ${aptLine.padEnd(40)} # Debian/Ubuntu\n` +
      `  ${'npx playwright install chromium'.padEnd(40)} # Playwright's Chromium, needs internet access\n` +
      `  ${'AITEST_BROWSER_PATH=/path/to/chrome'.padEnd(40)} # any Chrome/Chromium already on this machine\n`,
  );
  return ExitCode.infra;

  function installed(b: BrowserLocation): number {
    say(`${c.green('✓')} Browser tests will use ${describeBrowser(b)}.`);
    return ExitCode.passed;
  }
}

// ---------------------------------------------------------------------------------------------------
// The real machine.

export interface ProcessResult {
  ok: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Captured stderr, when asked for (it is still shown). */
  stderr: string;
  timedOut: boolean;
  error?: Error;
}

type Env = Readonly<Record<string, string | undefined>>;

function runProcess(
  command: string,
  args: string[],
  o: { env: Env; timeoutMs: number; signal?: AbortSignal; captureStderr?: TextSink },
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    let error: Error | undefined;
    const child = spawn(command, args, {
      env: o.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'inherit', o.captureStderr ? 'pipe' : 'inherit'],
      signal: o.signal,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, o.timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Kept for the error message, and shown as it comes, through the command's stderr.
      o.captureStderr?.write(d.toString());
    });
    child.on('error', (e) => (error = e));
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && !timedOut && !error, code, signal: sig, stderr, timedOut, error });
    });
  });
}

function failure(what: string, r: ProcessResult, timeoutMs: number): StepResult {
  if (r.timedOut) return { ok: false, detail: `${what} timed out after ${Math.round(timeoutMs / 1000)}s` };
  if (r.error && r.code === null) return { ok: false, detail: `${what} did not start: ${r.error.message}` };
  return { ok: false, detail: `${what} exited with ${r.code ?? r.signal}` };
}

/** playwright-core's cli.js (not in its package exports, so found next to its package.json). */
export function playwrightCliPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('playwright-core/package.json')), 'cli.js');
}

const UNKNOWN_PACKAGE = /Unable to locate package|has no installation candidate|no installation candidate/i;

/** `apt-get install -y chromium`; if apt does not know the package yet, `apt-get update` and once more. */
export async function aptInstallChromium(aptGet: (args: string[]) => Promise<ProcessResult>, timeoutMs = APT_TIMEOUT_MS): Promise<StepResult> {
  const install = ['install', '-y', APT_PACKAGE];
  const first = await aptGet(install);
  if (first.ok) return { ok: true };
  if (!UNKNOWN_PACKAGE.test(first.stderr)) return failure('apt-get install', first, timeoutMs);
  const update = await aptGet(['update']);
  if (!update.ok) return failure('apt-get update', update, timeoutMs);
  const second = await aptGet(install);
  return second.ok ? { ok: true } : failure('apt-get install', second, timeoutMs);
}

function onPath(name: string, env: Env): boolean {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

function systemInstaller(env: Env, signal?: AbortSignal, stderr: TextSink = { write() {} }): BrowserInstaller {
  return {
    find: () => locateChromium(env),
    async runPlaywrightInstall(browser) {
      let cli: string;
      try {
        cli = playwrightCliPath();
      } catch (e) {
        return { ok: false, detail: `playwright-core was not found: ${(e as Error).message.split('\n')[0]}` };
      }
      const r = await runProcess(process.execPath, [cli, 'install', browser], { env, timeoutMs: PLAYWRIGHT_TIMEOUT_MS, signal });
      return r.ok ? { ok: true } : failure('the installer', r, PLAYWRIGHT_TIMEOUT_MS);
    },
    runApt: () =>
      aptInstallChromium((args) =>
        runProcess('apt-get', args, { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: APT_TIMEOUT_MS, signal, captureStderr: stderr }),
      ),
    isRoot: () => process.getuid?.() === 0,
    hasApt: () => onPath('apt-get', env),
  };
}
