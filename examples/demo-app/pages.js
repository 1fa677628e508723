// The demo app's HTML pages, for the browser tests (Playwright, axe-core, visual diffs, Core Web Vitals).
// Each export returns a whole HTML document as a string; server.js routes to them.
// Self-contained on purpose: inline CSS and JS only, no fonts, CDNs or other requests, so the pages work
// offline and the browser tests measure the page, not the network. Nothing here shows a date or animates,
// so screenshots are stable (the dashboard's .clock is the one deliberate exception, for masking).

/** Dynamic text goes through this: no page may echo raw input. */
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Generic families only: a named web font would mean a download, a named system font a machine-dependent look.
// Colours keep every text at least 4.5:1 against its background (axe color-contrast).
const BASE_CSS = `
html { background: #fff; }
body { margin: 0; font-family: sans-serif; font-size: 16px; line-height: 1.5; color: #222; background: #fff; }
header, main, footer { padding: 16px 24px; }
header { background: #1f3a5f; }
header a { color: #fff; }
footer { color: #555; border-top: 1px solid #ddd; }
a { color: #0645ad; }
label { display: block; margin-top: 12px; }
`;

/**
 * One page: lang, viewport, title and an empty icon (`data:,` stops the browser from asking for /favicon.ico,
 * whose 404 would show up as a console error in every browser test).
 */
function htmlDocument({ title, css = '', body, script = '' }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${BASE_CSS}${css}</style>
</head>
<body>
${body}${script ? `\n<script>${script}</script>` : ''}
</body>
</html>
`;
}

/** The header of every page but the home page: one link back. */
const HOME_HEADER = '<header><nav aria-label="Site"><a href="/">Home</a></nav></header>';
const FOOTER = '<footer><p>aitest demo app</p></footer>';

// ---------------------------------------------------------------- home

export function homePage() {
  return htmlDocument({
    title: 'Demo shop',
    css: `
nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 24px; }
.products { list-style: none; padding: 0; display: flex; gap: 16px; }
.products li { width: 180px; padding: 12px; border: 1px solid #ccc; background: #f7f7f7; }
`,
    body: `<header>
<nav aria-label="Main">
<ul>
<li><a href="/login">Sign in</a></li>
<li><a href="/a11y/good">Accessible page</a></li>
<li><a href="/a11y/bad">Inaccessible page</a></li>
<li><a href="/visual">Visual test page</a></li>
</ul>
</nav>
</header>
<main>
<h1>Demo shop</h1>
<p>A tiny shop that the aitest examples and tests run against.</p>
<h2>Featured</h2>
<ul class="products">
<li>Mechanical keyboard<br>89.90 EUR</li>
<li>Wireless mouse<br>24.50 EUR</li>
<li>USB-C hub<br>39.99 EUR</li>
</ul>
</main>
${FOOTER}`,
  });
}

// ---------------------------------------------------------------- login

/** The sign-in form; `error` (after a failed POST /login) adds the alert above it. No value is echoed back. */
export function loginPage({ error } = {}) {
  const alert = error ? `<p role="alert" class="error">${escapeHtml(error)}</p>\n` : '';
  return htmlDocument({
    title: 'Sign in · Demo shop',
    css: `
.error { color: #b00020; font-weight: bold; }
.check { display: flex; align-items: center; gap: 8px; margin-top: 12px; }
.check label { margin: 0; }
button { margin-top: 16px; }
`,
    body: `${HOME_HEADER}
<main>
<h1>Sign in</h1>
${alert}<form method="post" action="/login">
<label for="email">Email</label><input id="email" name="email" type="email">
<label for="password">Password</label><input id="password" name="password" type="password">
<label for="remember">Remember me</label>
<select id="remember" name="remember">
<option value="no">no</option>
<option value="yes">yes</option>
</select>
<div class="check"><input type="checkbox" id="terms" name="terms"><label for="terms">I accept the terms</label></div>
<button type="submit">Sign in</button>
</form>
</main>
${FOOTER}`,
  });
}

// ---------------------------------------------------------------- dashboard

// The search counts matches on Enter (not on input), so a test has to press the key; Add todo appends.
// Neither is inside a form: Enter in a form's only text field would submit it.
const DASHBOARD_JS = `
const search = document.getElementById('search');
const result = document.getElementById('search-result');
search.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  const q = search.value.toLowerCase();
  const n = [...document.querySelectorAll('li.todo')].filter((li) => li.textContent.toLowerCase().includes(q)).length;
  result.textContent = n + ' matching';
});
document.querySelector('[data-testid="add-todo"]').addEventListener('click', () => {
  const li = document.createElement('li');
  li.className = 'todo';
  li.textContent = 'New todo';
  document.getElementById('todos').appendChild(li);
});
`;

/** `tick` changes on every request: the .clock is what a visual test masks. */
export function dashboardPage({ tick }) {
  return htmlDocument({
    title: 'Dashboard · Demo shop',
    // A fixed-width clock: its changing digits must not move anything else on the page.
    css: `
.clock { display: inline-block; width: 6em; font-family: monospace; }
`,
    body: `${HOME_HEADER}
<main>
<h1>Welcome, Demo User</h1>
<p>Server tick: <span class="clock">${escapeHtml(String(tick).padStart(6, '0'))}</span></p>
<h2>Todos</h2>
<ul id="todos">
<li class="todo">Write tests</li>
<li class="todo">Run aitest</li>
<li class="todo">Ship it</li>
</ul>
<button data-testid="add-todo">Add todo</button>
<h2>Search</h2>
<input id="search" aria-label="Search" placeholder="Search todos">
<p id="search-result" aria-live="polite"></p>
</main>
${FOOTER}`,
    script: DASHBOARD_JS,
  });
}

// ---------------------------------------------------------------- accessibility

/**
 * No axe-core violation for wcag2a, wcag2aa and wcag21aa (nor the best-practice landmark and heading rules):
 * lang, title, one main, one h1, an image with alt, a labelled input, dark text on white, and every piece of
 * content inside a landmark.
 */
export function a11yGoodPage() {
  const logo = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2240%22 height=%2240%22%3E%3Crect width=%2240%22 height=%2240%22 fill=%22%231f3a5f%22/%3E%3C/svg%3E';
  return htmlDocument({
    title: 'Accessible page · Demo shop',
    body: `${HOME_HEADER}
<main>
<h1>Accessible page</h1>
<img id="logo" src="${logo}" width="40" height="40" alt="Demo shop logo">
<p>This page follows WCAG 2.1 AA: every image has a text alternative and every field a label.</p>
<label for="newsletter">Newsletter email</label>
<input id="newsletter" name="newsletter" type="email">
<button type="button">Subscribe</button>
</main>
${FOOTER}`,
  });
}

/**
 * Deliberately inaccessible: exactly four axe-core violations for wcag2a, wcag2aa and wcag21aa, one node each.
 *   image-alt       img#logo           no alt attribute
 *   label           input#nolabel      a text field without any label
 *   color-contrast  p#faint            #ccc on #fff (1.6:1, needs 4.5:1)
 *   button-name     button#empty-button  no text and no aria-label
 * Everything else is well-formed (lang, title, one main, one h1, all content inside landmarks), so no other
 * rule fires, best-practice ones such as region and landmark-one-main included. Adding anything here means
 * checking that it adds no violation: the browser tests count these exactly.
 */
export function a11yBadPage() {
  return htmlDocument({
    title: 'Inaccessible page · Demo shop',
    body: `${HOME_HEADER}
<main>
<h1>Inaccessible page</h1>
<img id="logo" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input id="nolabel" type="text">
<p id="faint" style="color:#ccc;background:#fff">Low contrast text</p>
<button id="empty-button"></button>
</main>
${FOOTER}`,
  });
}

// ---------------------------------------------------------------- visual

const VISUAL_COLOURS = {
  default: { box: '#2a6', clock: '#468' },
  changed: { box: '#d33', clock: '#468' }, // only #box: 50 x 40 = 2000 pixels differ at deviceScaleFactor 1
  masked: { box: '#2a6', clock: '#c80' }, // only .clock: a comparison that masks .clock passes
};

/**
 * Solid, absolutely placed rectangles inside the top-left 800x600, and no visible text: nothing depends on
 * the viewport, the fonts or anti-aliasing (no rounded corners, borders or shadows), so two screenshots
 * differ exactly where a variant says. `variant` is 'changed', 'masked' or anything else for the baseline.
 */
export function visualPage({ variant } = {}) {
  // hasOwn: ?variant=constructor must not pick up Object.prototype.
  const colours = Object.hasOwn(VISUAL_COLOURS, variant) ? VISUAL_COLOURS[variant] : VISUAL_COLOURS.default;
  return htmlDocument({
    title: 'Visual test page · Demo shop',
    css: `
main { padding: 0; }
main div { position: absolute; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.bar { top: 0; left: 0; width: 800px; height: 60px; background: #1f3a5f; }
#box { top: 100px; left: 100px; width: 50px; height: 40px; background: ${colours.box}; }
.clock { top: 100px; left: 300px; width: 60px; height: 20px; background: ${colours.clock}; }
.panel { top: 200px; left: 100px; width: 600px; height: 300px; background: #eee; }
.stripe { top: 250px; left: 150px; width: 200px; height: 50px; background: #fc3; }
.square { top: 350px; left: 450px; width: 100px; height: 100px; background: #36c; }
`,
    body: `<main>
<h1 class="sr-only">Visual test page</h1>
<div class="bar"></div>
<div id="box"></div>
<div class="clock"></div>
<div class="panel"></div>
<div class="stripe"></div>
<div class="square"></div>
</main>`,
  });
}

// ---------------------------------------------------------------- performance

/**
 * Arrives after `ms` (server.js waits); a static page with no layout shift. The h1 is the largest text, so it
 * is the Largest Contentful Paint element (the solid block below it is no LCP candidate: no text, no image).
 */
export function slowPage({ ms }) {
  return htmlDocument({
    title: 'Slow page · Demo shop',
    css: `
h1 { font-size: 48px; margin: 0 0 16px; }
.block { width: 600px; height: 300px; background: #1f3a5f; }
`,
    body: `${HOME_HEADER}
<main>
<h1>Slow page</h1>
<p>This page was delayed by ${escapeHtml(ms)} ms on the server.</p>
<div class="block"></div>
</main>
${FOOTER}`,
  });
}

/** The support bot's page: a question and its answer (judge examples look at its text and a screenshot). */
export function chatPage({ question, answer }) {
  return htmlDocument({
    title: 'Support chat',
    css: `
.bubble { max-width: 520px; padding: 12px 16px; border-radius: 12px; margin: 12px 0; }
.question { background: #e8eefc; margin-left: auto; }
.answer { background: #f2f2f2; }
`,
    body: `<main>
<h1>Support chat</h1>
<form method="get" action="/chat"><label for="q">Your question</label> <input id="q" name="q" value="${escapeHtml(question)}"> <button type="submit">Ask</button></form>
${question ? `<p class="bubble question" data-testid="question">${escapeHtml(question)}</p>\n<p class="bubble answer" id="answer" data-testid="answer">${escapeHtml(answer)}</p>` : ''}
</main>`,
  });
}
