// Selectors in plans: CSS/Playwright syntax, or what a person sees (role and name, label, text, …).
import { Type } from '@sinclair/typebox';
import { ref, sharedId, strict } from './schema-common.js';

const nth = Type.Optional(Type.Integer({ description: 'Which match to use when several match (0-based; -1 is the last).' }));
const exact = Type.Optional(Type.Boolean({ description: 'Match the whole text, case-sensitively (default: substring, case-insensitive).' }));

// Object selectors are Playwright's user-facing locators: what a person sees, not how the DOM is built.
export const Selector = Type.Union(
  [
    Type.String({ minLength: 1, description: 'CSS, or Playwright selector syntax such as `text=Save` or `role=button[name="Save"]`.' }),
    Type.Object({ role: Type.String({ description: 'ARIA role, e.g. `button`, `link`, `heading`, `textbox`.' }), name: Type.Optional(Type.String({ description: 'Accessible name.' })), exact, nth }, { ...strict, description: 'By ARIA role and accessible name.' }),
    Type.Object({ label: Type.String({ description: 'Text of the element\'s label.' }), exact, nth }, { ...strict, description: 'A form control by its label.' }),
    Type.Object({ text: Type.String({ description: 'Visible text.' }), exact, nth }, { ...strict, description: 'By visible text.' }),
    Type.Object({ placeholder: Type.String({ description: 'Placeholder text.' }), exact, nth }, { ...strict, description: 'An input by its placeholder.' }),
    Type.Object({ testId: Type.String({ description: '`data-testid` value.' }), nth }, { ...strict, description: 'By `data-testid`.' }),
    Type.Object({ css: Type.String({ description: 'CSS selector.' }), nth }, { ...strict, description: 'By CSS, with `nth`.' }),
  ],
  { $id: sharedId('Selector'), title: 'a CSS selector or { role, name } / { label } / { text } / { placeholder } / { testId }', description: 'What to act on.' },
);

/** A selector field (the schema is shared: written once in the generated files). */
export const SelectorRef = ref(Selector);
