// What to capture and how closely it must match: shared by visual tests and the ui step `matchScreenshot`.
import { Type } from '@sinclair/typebox';
import { strict } from './schema-common.js';
import { SelectorRef as Selector } from './schema-selector.js';

// Screenshot pixels, from the top-left of the screenshot (of the element, when `selector` is set).
// Screenshots are taken at one image pixel per CSS pixel, so these are CSS pixels too.
export const IgnoreRegion = Type.Object(
  {
    x: Type.Integer({ minimum: 0, description: 'Left edge, in pixels from the left of the screenshot.' }),
    y: Type.Integer({ minimum: 0, description: 'Top edge, in pixels from the top of the screenshot.' }),
    width: Type.Integer({ minimum: 1, description: 'Width in pixels.' }),
    height: Type.Integer({ minimum: 1, description: 'Height in pixels.' }),
  },
  { ...strict, description: 'A rectangle left out of the comparison.' },
);

// Kept apart from the test's own fields so a ui step (`matchScreenshot: { name, … }`) can take the same options.
export const visualOptions = {
  selector: Type.Optional(Selector),
  fullPage: Type.Optional(Type.Boolean({ description: 'Capture the whole scrollable page, not just the viewport (default false; ignored with `selector`).' })),
  mask: Type.Optional(Type.Array(Selector, { description: 'Elements painted over with a solid box in both screenshots, e.g. clocks or ads that change every load.' })),
  ignoreRegions: Type.Optional(Type.Array(IgnoreRegion, { description: 'Rectangles left out of the comparison, in screenshot pixels.' })),
  threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'How different one pixel\'s colour may be and still count as equal (pixelmatch, 0 to 1; default 0.2).' })),
  maxDiffPixels: Type.Optional(Type.Integer({ minimum: 0, description: 'How many pixels may differ (default 0 when neither this nor `maxDiffPixelRatio` is set).' })),
  maxDiffPixelRatio: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Which share of the pixels may differ, 0 to 1. With `maxDiffPixels` too, the stricter one applies.' })),
};

export const VisualOptions = Type.Object(visualOptions, { ...strict, description: 'What to capture and how closely it must match the baseline.' });

export const VisualStepOptions = Type.Object(
  { name: Type.String({ minLength: 1, description: 'Names this screenshot\'s baseline among the test\'s others.' }), ...visualOptions },
  { ...strict, description: 'A named screenshot compared with its baseline.' },
);
