// Reading requirements out of Markdown: the author's ids first, headings otherwise.
import { expect, it } from 'vitest';
import { parseRequirements } from '../../src/generate/requirements.js';

it('takes the ids the author wrote, each with its text up to the next one', () => {
  const md = '# Shop\n\n## Cart\n- **REQ-1**: A shopper can add an item to the cart.\n  The cart shows the count.\n- REQ-2: Removing an item updates the total.\n\n## Support\nUS-7. The support bot answers refund questions politely.\n';
  expect(parseRequirements(md)).toEqual([
    { id: 'REQ-1', title: 'A shopper can add an item to the cart.', text: 'A shopper can add an item to the cart. The cart shows the count.' },
    { id: 'REQ-2', title: 'Removing an item updates the total.', text: 'Removing an item updates the total.' },
    { id: 'US-7', title: 'The support bot answers refund questions politely.', text: 'The support bot answers refund questions politely.' },
  ]);
});

it('without ids, one requirement per heading below the title, numbered R1…', () => {
  const md = '# Shop\n\n## Health endpoint\nGET /health answers ok.\n\n## Login\nUsers sign in with email and password.\n';
  expect(parseRequirements(md)).toEqual([
    { id: 'R1', title: 'Health endpoint', text: 'GET /health answers ok.' },
    { id: 'R2', title: 'Login', text: 'Users sign in with email and password.' },
  ]);
});

it('plain text is one requirement', () => {
  expect(parseRequirements('The home page loads fast.\nIt has no accessibility violations.')).toEqual([
    { id: 'R1', title: 'The home page loads fast.', text: 'The home page loads fast.\nIt has no accessibility violations.' },
  ]);
});
