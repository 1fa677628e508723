// The `accessibility` test: open a page (optionally act on it with ui steps), then scan it with axe-core.
import { Type } from '@sinclair/typebox';
import { browserTestFields } from './schema-browser.js';
import { strict, testCommon } from './schema-common.js';
import { a11yFields } from './schema-a11y-options.js';
import { UiStepRef, UiTest } from './schema-ui.js';

export { A11yAllow, A11yOptions } from './schema-a11y-options.js';

export const AccessibilityTest = Type.Object(
  {
    ...testCommon,
    ...browserTestFields,
    type: Type.Literal('accessibility', { description: 'An axe-core scan of a page (Chromium).' }),
    url: Type.String({ description: 'Page to open, absolute or relative to baseUrl.' }),
    steps: Type.Optional(Type.Array(UiStepRef, { description: 'ui steps run before the scan, e.g. to open a menu or sign in.' })),
    viewport: UiTest.properties.viewport,
    ...a11yFields,
  },
  { ...strict, description: 'An accessibility test: open `url`, run `steps`, then check the page with axe-core.' },
);
