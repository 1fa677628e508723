// The `visual` test: a screenshot of a page (or one element) compared pixel by pixel with a stored baseline.
import { Type } from '@sinclair/typebox';
import { strict, testCommon } from './schema-common.js';
import { browserTestFields } from './schema-browser.js';
import { UiStepRef } from './schema-ui.js';
import { visualOptions } from './schema-visual-options.js';

export { IgnoreRegion, VisualOptions, VisualStepOptions } from './schema-visual-options.js';

export const VisualTest = Type.Object(
  {
    ...testCommon,
    ...browserTestFields,
    type: Type.Literal('visual', { description: 'A screenshot compared with a stored baseline (visual regression).' }),
    url: Type.String({ description: 'Page to open, absolute or relative to baseUrl.' }),
    steps: Type.Optional(Type.Array(UiStepRef, { description: 'ui steps run after opening `url` and before the screenshot, e.g. to open a menu.' })),
    viewport: Type.Optional(Type.Object({ width: Type.Integer({ minimum: 1, description: 'CSS pixels.' }), height: Type.Integer({ minimum: 1, description: 'CSS pixels.' }) }, { ...strict, description: 'Viewport size (default 1280×720). Part of what the baseline looks like.' })),
    ...visualOptions,
  },
  {
    ...strict,
    description: 'A visual test: open `url`, run `steps`, screenshot the page or `selector`, compare with the baseline in __screenshots__/ beside the plan (written on the first run).',
  },
);
