import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  aptInstallChromium,
  installBrowserCommand,
  playwrightCliPath,
  type BrowserInstaller,
  type InstallableBrowser,
  type ProcessResult,
  type StepResult,
} from '../../../src/cli/commands/install-browser.js';
import type { CliContext } from '../../../src/cli/context.js';
import { runCli } from '../../../src/cli/program.js';
import { locateChromium, type BrowserLocation } from '../../../src/executors/browser/locate.js';
import { runCliProcess, tempDir } from '../../helpers/cli.js';

function fakeCli(env: Record<string, string | undefined> = {}): CliContext & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd: '/tmp',
    env,
    stdout: { write: (s: string) => void (out += s) },
    stderr: { write: (s: string) => void (err += s) },
    colors: false,
    verbose: false,
    out: () => out,
    err: () => err,
  };
}

const PW_BROWSER: BrowserLocation = { path: '/home/u/.cache/ms-playwright/chromium-1234/chrome-linux64/chrome', source: 'playwright' };
const APT_BROWSER: BrowserLocation = { path: '/usr/bin/chromium', source: 'system' };

/** A machine with no browser until a step "installs" one. Records which steps ran. */
function fakeInstaller(o: {
  found?: BrowserLocation;
  playwright?: StepResult;
  apt?: StepResult;
  root?: boolean;
  apt_on_path?: boolean;
  /** The installer reports success, but no browser appears where aitest looks. */
  playwrightLeavesNothing?: boolean;
}): BrowserInstaller & { calls: string[] } {
  let found = o.found;
  const calls: string[] = [];
  return {
    calls,
    find: () => found,
    async runPlaywrightInstall(browser: InstallableBrowser) {
      calls.push(`playwright ${browser}`);
      const r = o.playwright ?? { ok: false, detail: 'the installer exited with 1' };
      if (r.ok && browser === 'chromium' && !o.playwrightLeavesNothing) found = PW_BROWSER;
      return r;
    },
    async runApt() {
      calls.push('apt');
      const r = o.apt ?? { ok: false, detail: 'apt-get install exited with 100' };
      if (r.ok) found = APT_BROWSER;
      return r;
    },
    isRoot: () => o.root ?? true,
    hasApt: () => o.apt_on_path ?? true,
  };
}

describe('aitest install-browser (chromium)', () => {
  it('a browser that is already there: says which and where from, installs nothing, exit 0', async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({ found: APT_BROWSER });
    expect(await installBrowserCommand('chromium', cli, undefined, inst)).toBe(0);
    expect(inst.calls).toEqual([]);
    expect(cli.out()).toContain('/usr/bin/chromium');
    expect(cli.out()).toContain('installed on the system');
    expect(cli.out()).toMatch(/Nothing to install/);
  });

  it("Playwright's installer works: exit 0 with the new browser, apt never tried", async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({ playwright: { ok: true } });
    expect(await installBrowserCommand('chromium', cli, undefined, inst)).toBe(0);
    expect(inst.calls).toEqual(['playwright chromium']);
    expect(cli.out()).toContain(PW_BROWSER.path);
    expect(cli.out()).toContain("Playwright's browser cache");
    expect(cli.err()).toBe('');
  });

  it('Playwright fails, then apt-get as root works: exit 0 with the system browser', async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({ apt: { ok: true } });
    expect(await installBrowserCommand('chromium', cli, undefined, inst)).toBe(0);
    expect(inst.calls).toEqual(['playwright chromium', 'apt']);
    expect(cli.out()).toContain('apt-get install -y chromium');
    expect(cli.out()).toContain('Browser tests will use /usr/bin/chromium');
    expect(cli.err()).toBe('');
  });

  it('nothing works: lists what failed and every command to run by hand, exit 3', async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({});
    expect(await installBrowserCommand('chromium', cli, undefined, inst)).toBe(3);
    expect(inst.calls).toEqual(['playwright chromium', 'apt']);
    const err = cli.err();
    expect(err).toContain("Playwright's installer failed: the installer exited with 1");
    expect(err).toContain('apt-get install -y chromium failed: apt-get install exited with 100');
    expect(err).toMatch(/^ {2}apt-get install -y chromium/m); // root: no sudo
    expect(err).not.toContain('sudo');
    expect(err).toContain('npx playwright install chromium');
    expect(err).toContain('AITEST_BROWSER_PATH=/path/to/chrome');
  });

  it('not root: apt-get is not attempted and the hint says sudo apt-get', async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({ root: false, apt: { ok: true } });
    expect(await installBrowserCommand('chromium', cli, undefined, inst)).toBe(3);
    expect(inst.calls).toEqual(['playwright chromium']);
    expect(cli.err()).toContain('sudo apt-get install -y chromium');
    expect(cli.err()).toContain('needs root');
    expect(cli.err()).toContain('npx playwright install chromium');
  });

  it('no apt-get on the machine (root or not): apt is not attempted', async () => {
    const inst = fakeInstaller({ apt_on_path: false, apt: { ok: true } });
    expect(await installBrowserCommand('chromium', fakeCli(), undefined, inst)).toBe(3);
    expect(inst.calls).toEqual(['playwright chromium']);
  });

  it('Playwright "succeeds" but aitest still finds nothing: goes on to apt', async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({ playwright: { ok: true }, playwrightLeavesNothing: true, apt: { ok: true } });
    expect(await installBrowserCommand('chromium', cli, undefined, inst)).toBe(0);
    expect(inst.calls).toEqual(['playwright chromium', 'apt']);
    expect(cli.out()).toContain('Browser tests will use /usr/bin/chromium');
  });

  it('an AITEST_BROWSER_PATH that is not executable: says to fix or unset it, installs nothing, exit 3', async () => {
    const cli = fakeCli({ AITEST_BROWSER_PATH: '/nope/chrome' });
    const inst = fakeInstaller({ playwright: { ok: true } });
    expect(await installBrowserCommand('chromium', cli, undefined, inst)).toBe(3);
    expect(inst.calls).toEqual([]);
    expect(cli.err()).toContain('AITEST_BROWSER_PATH=/nope/chrome');
    expect(cli.err()).toMatch(/unset it/);
  });

  it('an interrupt during a step stops with 130 and tries nothing else', async () => {
    const ac = new AbortController();
    const inst = fakeInstaller({ apt: { ok: true } });
    const original = inst.runPlaywrightInstall.bind(inst);
    inst.runPlaywrightInstall = async (b) => (ac.abort(), original(b));
    expect(await installBrowserCommand('chromium', fakeCli(), ac.signal, inst)).toBe(130);
    expect(inst.calls).toEqual(['playwright chromium']);
  });
});

describe('aitest install-browser firefox / webkit', () => {
  it("runs only Playwright's installer for that browser; exit 0 when it works", async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({ found: APT_BROWSER, playwright: { ok: true } });
    expect(await installBrowserCommand('firefox', cli, undefined, inst)).toBe(0);
    expect(inst.calls).toEqual(['playwright firefox']);
    expect(cli.out()).toContain('firefox is installed');
  });

  it('a failed install is reported with the command to retry, exit 3, and no apt', async () => {
    const cli = fakeCli();
    const inst = fakeInstaller({ playwright: { ok: false, detail: 'the installer exited with 1' }, apt: { ok: true } });
    expect(await installBrowserCommand('webkit', cli, undefined, inst)).toBe(3);
    expect(inst.calls).toEqual(['playwright webkit']);
    expect(cli.err()).toContain("Playwright's installer could not install webkit: the installer exited with 1");
    expect(cli.err()).toContain('npx playwright install webkit');
  });

  it('an unknown browser name is a usage error before anything runs', async () => {
    const cli = fakeCli();
    expect(await runCli(['install-browser', 'opera'], cli, new AbortController().signal)).toBe(2);
    expect(cli.err()).toMatch(/chromium, firefox, webkit/);
  });
});

describe('the real installer pieces (nothing is run)', () => {
  const proc = (ok: boolean, stderr = '', code = ok ? 0 : 100): ProcessResult => ({ ok, code, signal: null, stderr, timedOut: false });

  it('apt-get update runs only when apt does not know the package', async () => {
    const calls: string[] = [];
    const replies = [proc(false, 'E: Unable to locate package chromium\n'), proc(true), proc(true)];
    const r = await aptInstallChromium(async (args) => (calls.push(args.join(' ')), replies.shift()!));
    expect(r).toEqual({ ok: true });
    expect(calls).toEqual(['install -y chromium', 'update', 'install -y chromium']);
  });

  it('any other apt failure is reported as is, without an update', async () => {
    const calls: string[] = [];
    const r = await aptInstallChromium(async (args) => (calls.push(args.join(' ')), proc(false, 'E: Could not get lock /var/lib/dpkg/lock-frontend\n')));
    expect(r).toEqual({ ok: false, detail: 'apt-get install exited with 100' });
    expect(calls).toEqual(['install -y chromium']);
  });

  it('a timed-out apt-get says so', async () => {
    const r = await aptInstallChromium(async () => ({ ...proc(false, '', 0), code: null, signal: 'SIGTERM', timedOut: true }), 600_000);
    expect(r).toEqual({ ok: false, detail: 'apt-get install timed out after 600s' });
  });

  it("finds playwright-core's cli.js", () => {
    expect(playwrightCliPath()).toMatch(/playwright-core[/\\]cli\.js$/);
    expect(existsSync(playwrightCliPath())).toBe(true);
  });
});

describe('aitest install-browser, the built CLI on this machine', () => {
  // An empty Playwright cache, so the browser found is the system one. The suite needs a system Chromium
  // anyway (.ci/run installs it); without one this fails up front rather than start a download.
  const env = { PLAYWRIGHT_BROWSERS_PATH: tempDir(), AITEST_BROWSER_PATH: undefined };
  const present = locateChromium({ ...process.env, ...env });

  it('finds the installed browser and exits 0 without installing anything', async () => {
    expect(present, 'no system Chromium: run `apt-get install -y chromium` (as .ci/run does)').toBeDefined();
    const r = await runCliProcess(['install-browser'], { cwd: tempDir(), env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(present!.path);
    expect(r.stdout).toContain('Nothing to install');
  });
});
