// A browser test's page from start to end: a fresh context, what the page logged, and the artifacts a
// failure needs (screenshot, trace scrubbed of credentials, video) — the same for ui, visual, accessibility
// and performance tests.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { AitestError } from '../../errors.js';
import type { ExecContext } from '../types.js';
import { ACTION_TIMEOUT_MS, openTestContext, type TestContextOptions } from './test-context.js';
import { scrubTrace } from './trace-scrub.js';

/** What the page said while the test ran: console errors, uncaught exceptions, failed requests. */
interface PageLog {
  errors: string[];
  failedRequests: string[];
}

const MAX_LOG_LINES = 200;

/**
 * Runs `body` on a fresh page; it returns whether the test passed so far. Artifacts follow the test's
 * `browser` options (screenshot only-on-failure by default, trace and video off by default).
 */
export async function withTestPage(ctx: ExecContext, o: TestContextOptions & { screenshotOnFailure?: boolean }, body: (page: Page) => Promise<boolean>): Promise<void> {
  const opts = ctx.test.browserOptions ?? {};
  const traceMode = opts.trace ?? 'off';
  const tracing = traceMode === 'on' || traceMode === 'retain-on-failure' || (traceMode === 'on-first-retry' && ctx.attempt === 1);
  const videoMode = opts.video ?? 'off';
  const videoDir = videoMode === 'off' ? undefined : await mkdtemp(path.join(os.tmpdir(), 'aitest-video-'));
  const screenshotMode = o.screenshotOnFailure === false ? 'off' : (opts.screenshot ?? 'only-on-failure');

  const { context, dispose } = await openTestContext(ctx, videoDir ? { ...o, recordVideo: { dir: videoDir } } : o);
  const log: PageLog = { errors: [], failedRequests: [] };
  const note = (list: string[], line: string): void => void (list.length < MAX_LOG_LINES && list.push(line));
  context.on('console', (m) => {
    if (m.type() === 'error') note(log.errors, `console.error: ${m.text()}`);
  });
  context.on('weberror', (e) => note(log.errors, `uncaught: ${e.error().message}`));
  context.on('requestfailed', (r) => note(log.failedRequests, `${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  context.on('response', (r) => {
    if (r.status() >= 400) note(log.failedRequests, `${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  if (tracing) await context.tracing.start({ screenshots: true, snapshots: true, sources: false });

  let page: Page | undefined;
  let passed = false;
  try {
    page = await newPage(context, videoDir !== undefined);
    passed = await body(page);
    if (opts.failOnConsoleError) {
      passed = ctx.check({ name: 'no console errors', ok: log.errors.length === 0, expected: 0, actual: log.errors.length, message: log.errors.slice(0, 5).join('\n') || undefined }) && passed;
    }
  } finally {
    const keep = (mode: string): boolean => mode === 'on' || mode === 'on-first-retry' || (mode === 'retain-on-failure' && !passed);
    const live = !ctx.abort.aborted;
    if (live && page && (screenshotMode === 'on' || (screenshotMode === 'only-on-failure' && !passed))) await attachScreenshot(page, passed ? 'screenshot.png' : 'failure.png', ctx);
    if (live && tracing) await attachTrace(context, keep(traceMode), ctx);
    if (log.errors.length || log.failedRequests.length) {
      await ctx.attach('browser-log.txt', [...log.errors, ...log.failedRequests.map((r) => `request failed: ${r}`)].join('\n'), 'text/plain');
    }
    const video = page?.video();
    await dispose();
    if (videoDir) {
      if (live && video && keep(videoMode)) await attachFile(ctx, 'video.webm', await video.path(), 'video/webm');
      await rm(videoDir, { recursive: true, force: true });
    }
  }
}

async function newPage(context: BrowserContext, recordingVideo: boolean): Promise<Page> {
  try {
    return await context.newPage();
  } catch (e) {
    // Playwright records video with its own ffmpeg build, downloaded separately from the browsers.
    if (recordingVideo && /ffmpeg/i.test((e as Error).message)) {
      throw new AitestError('INFRA', 'recording video needs Playwright\'s ffmpeg, which is not installed', {
        hint: 'Run `npx playwright install ffmpeg`, or set `video: off`.',
        cause: e,
      });
    }
    throw e;
  }
}

async function attachScreenshot(page: Page, name: string, ctx: ExecContext): Promise<void> {
  try {
    await ctx.attach(name, await page.screenshot({ timeout: ACTION_TIMEOUT_MS }), 'image/png');
  } catch (e) {
    ctx.log.warn('could not take the screenshot', { error: (e as Error).message });
  }
}

async function attachTrace(context: BrowserContext, keep: boolean, ctx: ExecContext): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aitest-trace-'));
  try {
    const file = path.join(dir, 'trace.zip');
    await context.tracing.stop(keep ? { path: file } : {});
    // Kept only scrubbed: a trace that cannot be scrubbed is not kept at all.
    if (keep) await ctx.attach('trace.zip', Buffer.from(scrubTrace(await readFile(file), ctx)), 'application/zip');
  } catch (e) {
    ctx.log.warn('could not save the trace', { error: (e as Error).message });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function attachFile(ctx: ExecContext, name: string, file: string, contentType: string): Promise<void> {
  try {
    await ctx.attach(name, await readFile(file), contentType);
  } catch (e) {
    ctx.log.warn(`could not attach ${name}`, { error: (e as Error).message });
  }
}
