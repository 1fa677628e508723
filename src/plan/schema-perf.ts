// The `performance` test: Core Web Vitals measured in the page, the way Chrome's field data does.
import { Type } from '@sinclair/typebox';
import { browserTestFields } from './schema-browser.js';
import { strict, testCommon } from './schema-common.js';
import { UiStepRef } from './schema-ui.js';
import { VitalsOptions } from './schema-vitals.js';

export { Budgets, NetworkProfile, VitalsOptions, VitalsStepOptions } from './schema-vitals.js';

export const PerformanceTest = Type.Object(
  {
    ...testCommon,
    type: Type.Literal('performance', { description: 'Core Web Vitals of a page load (Chromium).' }),
    url: Type.String({ description: 'Page to measure, absolute or relative to baseUrl.' }),
    steps: Type.Optional(Type.Array(UiStepRef, { description: 'Interactions after the load (they give INP something to measure).' })),
    ...VitalsOptions,
    ...browserTestFields,
    viewport: Type.Optional(Type.Object({ width: Type.Integer({ minimum: 1, description: 'CSS pixels.' }), height: Type.Integer({ minimum: 1, description: 'CSS pixels.' }) }, { ...strict, description: 'Viewport size (default 1280×720).' })),
  },
  { ...strict, description: 'A performance test: load `url` `runs` times, measure LCP, CLS, INP, FCP, TTFB, TBT, load, transfer size and requests, check `budgets`.' },
);
