// Which browsers and devices browser tests run on, and the options of their browser contexts.
import { Type } from '@sinclair/typebox';
import { ref, sharedId, strict, StringMap } from './schema-common.js';

export const BrowserName = Type.Union([Type.Literal('chromium'), Type.Literal('firefox'), Type.Literal('webkit')], {
  title: 'chromium, firefox or webkit', description: 'A browser engine.',
});

export const CustomDevice = Type.Object(
  {
    name: Type.String({ description: 'Name shown as the project, e.g. `Kiosk`.' }),
    viewport: Type.Object({ width: Type.Integer({ minimum: 1, description: 'CSS pixels.' }), height: Type.Integer({ minimum: 1, description: 'CSS pixels.' }) }, { ...strict, description: 'Viewport size.' }),
    userAgent: Type.Optional(Type.String({ description: 'User-Agent header and navigator.userAgent.' })),
    deviceScaleFactor: Type.Optional(Type.Number({ minimum: 0.1, description: 'Device pixel ratio.' })),
    isMobile: Type.Optional(Type.Boolean({ description: 'Mobile meta viewport and touch behaviour.' })),
    hasTouch: Type.Optional(Type.Boolean({ description: 'Touch events.' })),
  },
  { ...strict, description: 'A device described by hand.' },
);

export const Device = Type.Union([
  Type.String({ description: 'A Playwright device name, e.g. `Desktop Chrome`, `iPhone 13`, `Pixel 7`.' }),
  CustomDevice,
], { title: 'a Playwright device name or { name, viewport, … }', description: 'A device to emulate.' });

export const BrowserOptions = Type.Object(
  {
    headless: Type.Optional(Type.Boolean({ description: 'Run without a window (default true).' })),
    executablePath: Type.Optional(Type.String({ description: 'Chrome/Chromium executable to use instead of the one aitest finds.' })),
    locale: Type.Optional(Type.String({ description: 'Locale, e.g. `de-DE`.' })),
    timezone: Type.Optional(Type.String({ description: 'Time zone, e.g. `Europe/Berlin`.' })),
    colorScheme: Type.Optional(Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('no-preference')], { description: 'prefers-color-scheme.' })),
    storageState: Type.Optional(Type.String({ description: 'Cookies and local storage to start with: a file saved by Playwright, relative to the plan.' })),
    httpCredentials: Type.Optional(Type.Object({ username: Type.String({ description: 'User name.' }), password: Type.String({ description: 'Password (use a secret var).' }) }, { ...strict, description: 'HTTP basic auth credentials.' })),
    extraHTTPHeaders: Type.Optional(StringMap('Headers sent with every request the page makes.')),
    screenshot: Type.Optional(Type.Union(['only-on-failure', 'on', 'off'].map((m) => Type.Literal(m)), { description: 'Attach a screenshot of the page at the end: `only-on-failure` (default), `on` or `off`.' })),
    trace: Type.Optional(Type.Union(['off', 'on', 'retain-on-failure', 'on-first-retry'].map((m) => Type.Literal(m)), { description: 'Record a Playwright trace (open it with `npx playwright show-trace`): `off` (default), `on`, `retain-on-failure` or `on-first-retry`.' })),
    video: Type.Optional(Type.Union(['off', 'on', 'retain-on-failure'].map((m) => Type.Literal(m)), { description: 'Record a video of the page: `off` (default), `on` or `retain-on-failure`.' })),
    failOnConsoleError: Type.Optional(Type.Boolean({ description: 'Fail the test when the page logs a console error or throws (default false: they are only attached).' })),
  },
  { ...strict, $id: sharedId('BrowserOptions'), description: 'Browser and page options (plan-wide, or per test to override).' },
);

/** The `browser` field of the plan and of each browser test (the schema is shared: written once in the generated files). */
export const BrowserOptionsRef = ref(BrowserOptions);

/** Fields every browser test (ui, visual, accessibility, performance) has. */
export const browserTestFields = {
  browser: Type.Optional(BrowserOptionsRef),
  baseUrl: Type.Optional(Type.String({ description: 'Base URL of this test\'s pages, instead of the plan\'s `baseUrl`.' })),
};
