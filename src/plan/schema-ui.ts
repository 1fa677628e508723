// The `ui` test: a page, then steps that act on it and expect things of it (Playwright underneath).
import { Type } from '@sinclair/typebox';
import { browserTestFields } from './schema-browser.js';
import { duration, ref, sharedId, strict, testCommon } from './schema-common.js';
import { A11yOptions } from './schema-a11y-options.js';
import { SelectorRef as Selector } from './schema-selector.js';
import { VisualStepOptions } from './schema-visual-options.js';
import { VitalsStepOptions } from './schema-vitals.js';
import { UiJudgeStep } from './schema-judge.js';

export { Selector } from './schema-selector.js';

const timeout = Type.Optional(duration('How long to wait for the element (default 5s).'));
const target = { selector: Selector, timeout };
// `click: SELECTOR` and `click: { selector: SELECTOR, … }` both work.
const targetOnly = (description: string, extra = {}) =>
  Type.Union([Selector, Type.Object({ ...target, ...extra }, { ...strict })], { title: 'a selector, or { selector, … }', description });

const step = <K extends string>(key: K, value: Parameters<typeof Type.Object>[0][string], description: string) =>
  Type.Object({ [key]: value } as Record<K, typeof value>, { ...strict, description });

export const UiExpect = Type.Object(
  {
    selector: Type.Optional(Selector),
    visible: Type.Optional(Type.Boolean({ description: 'The element is visible (true) or not (false).' })),
    hidden: Type.Optional(Type.Boolean({ description: 'The element is hidden or absent.' })),
    text: Type.Optional(Type.String({ description: 'The element\'s text contains this (case-sensitive), or matches `/regex/flags`.' })),
    exactText: Type.Optional(Type.String({ description: 'The element\'s whole text, trimmed, equals this.' })),
    value: Type.Optional(Type.String({ description: 'An input\'s value equals this.' })),
    count: Type.Optional(Type.Integer({ minimum: 0, description: 'How many elements match the selector.' })),
    attribute: Type.Optional(Type.Object({ name: Type.String({ description: 'Attribute name.' }), value: Type.String({ description: 'Its expected value.' }) }, { ...strict, description: 'An attribute has this value.' })),
    enabled: Type.Optional(Type.Boolean({ description: 'The element is enabled.' })),
    disabled: Type.Optional(Type.Boolean({ description: 'The element is disabled.' })),
    url: Type.Optional(Type.String({ description: 'The page URL contains this path or URL, or matches `/regex/`.' })),
    title: Type.Optional(Type.String({ description: 'The page title contains this, or matches `/regex/`.' })),
    timeout,
  },
  { ...strict, minProperties: 1, description: 'Expectations about the page; each becomes a check. Waits until they hold (default 5s).' },
);

export const UiStep = Type.Union(
  [
    step('goto', Type.String({ description: 'URL or path relative to baseUrl.' }), 'Open a URL.'),
    step('click', targetOnly('Click an element.'), 'Click an element.'),
    step('dblclick', targetOnly('Double-click an element.'), 'Double-click an element.'),
    step('hover', targetOnly('Move the mouse over an element.'), 'Hover over an element.'),
    step('check', targetOnly('Tick a checkbox or radio.'), 'Tick a checkbox or radio.'),
    step('uncheck', targetOnly('Untick a checkbox.'), 'Untick a checkbox.'),
    step('scroll', targetOnly('Scroll an element into view.'), 'Scroll an element into view.'),
    step('fill', Type.Object({ ...target, value: Type.String({ description: 'Text to put in the field (replaces what is there).' }) }, { ...strict, description: 'The field and the text.' }), 'Fill a text field.'),
    step('type', Type.Object({ ...target, text: Type.String({ description: 'Text typed key by key.' }), delay: Type.Optional(duration('Pause between keys.')) }, { ...strict, description: 'The field and the text.' }), 'Type into a field key by key.'),
    step('press', Type.Object({ selector: Type.Optional(Selector), key: Type.String({ description: 'Key or chord, e.g. `Enter`, `Control+A`.' }), timeout }, { ...strict, description: 'The key, and optionally the element to focus.' }), 'Press a key, on an element or the page.'),
    step('select', Type.Object({ ...target, value: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description: 'Option value(s).' })), label: Type.Optional(Type.String({ description: 'Option label.' })) }, { ...strict, description: 'The <select> and the option.' }), 'Choose an option of a <select>.'),
    step('upload', Type.Object({ ...target, files: Type.Union([Type.String(), Type.Array(Type.String())], { description: 'File path(s), relative to the plan file.' }) }, { ...strict, description: 'The file input and the files.' }), 'Set the files of a file input.'),
    step('waitFor', Type.Object({
      selector: Type.Optional(Selector),
      state: Type.Optional(Type.Union(['visible', 'hidden', 'attached', 'detached'].map((s) => Type.Literal(s)), { description: 'Element state (default visible).' })),
      url: Type.Optional(Type.String({ description: 'Wait until the URL contains this, or matches `/regex/`.' })),
      timeout,
    }, { ...strict, minProperties: 1, description: 'An element state, a URL, or both.' }), 'Wait for an element state or a URL.'),
    step('screenshot', Type.Union([
      Type.String({ description: 'Artifact name.' }),
      Type.Object({ name: Type.String({ description: 'Artifact name.' }), fullPage: Type.Optional(Type.Boolean({ description: 'The whole scrollable page.' })), selector: Type.Optional(Selector) }, { ...strict, description: 'A named screenshot of the page or an element.' }),
    ], { title: 'a name, or { name, fullPage, selector }', description: 'A screenshot attached to the result.' }), 'Attach a screenshot.'),
    step('evaluate', Type.Unknown({ description: 'TypeScript plans only: `async ({ page }) => { … }`.' }), 'Run code against the page (TypeScript plans).'),
    step('expect', UiExpect, 'Check the page.'),
    step('a11y', A11yOptions, 'Scan the page as it is now with axe-core (same options as accessibility tests).'),
    step('matchScreenshot', VisualStepOptions, 'Compare a screenshot of the page as it is now with its baseline (same options as visual tests).'),
    step('vitals', VitalsStepOptions, 'Check the Web Vitals of the page so far against budgets (same budgets as performance tests).'),
    step('judge', UiJudgeStep, 'Have the LLM judge score the page (its text, an element\'s text or a screenshot) against a rubric.'),
  ],
  { $id: sharedId('UiStep'), title: 'a one-key step such as { click: … }, { fill: … } or { expect: … }', description: 'One action or expectation.' },
);

/** A ui step in a list of steps (the schema is shared: written once in the generated files). */
export const UiStepRef = ref(UiStep);

export const UiTest = Type.Object(
  {
    ...testCommon,
    type: Type.Literal('ui', { description: 'A browser flow (Playwright, Chromium).' }),
    url: Type.Optional(Type.String({ description: 'Page to open first, absolute or relative to baseUrl.' })),
    steps: Type.Optional(Type.Array(UiStepRef, { description: 'Actions and expectations, in order.' })),
    viewport: Type.Optional(Type.Object({ width: Type.Integer({ minimum: 1, description: 'CSS pixels.' }), height: Type.Integer({ minimum: 1, description: 'CSS pixels.' }) }, { ...strict, description: 'Viewport size (default 1280×720).' })),
    ...browserTestFields,
    screenshotOnFailure: Type.Optional(Type.Boolean({ description: 'Attach a screenshot when the test fails (default true).' })),
  },
  { ...strict, description: 'A ui test: open `url`, then run `steps`.' },
);
