// The dashboard's thread (see thread-main.ts; thread-service.ts loads it and calls runDashboardThread): its own
// TTY streams on fd 1 and fd 0, a view of the state the run posts.
import tty from 'node:tty';
import { isFailing, type FinishedTest } from './state.js';
import type { DashboardTerminal, FromDashboard, ToDashboard } from './thread-protocol.js';
import { matches, pageToward, sameFilters, sameQuery, type ListPage, type ListQuery } from './list-page.js';
import { createDashboardView } from './view.js';

/** How the dashboard talks to the run: its port on the background thread (thread-service.ts). */
export interface DashboardLink {
  terminal: DashboardTerminal;
  send(m: FromDashboard): void;
  onMessage(handle: (m: ToDashboard) => void): void;
  /** The first frame is on screen: what drawing needs is loaded and has run once. */
  firstFrame?(): void;
}

/** A dashboard on the terminal, on its thread. */
export interface RunningDashboard {
  /** Puts the terminal back as it was (ink unmounted, raw mode off, cursor shown) and lets go of it; once. */
  leave(): void;
}

export function runDashboardThread(link: DashboardLink): RunningDashboard {
  const { terminal, send } = link;

  // Signals (SIGWINCH) reach only the main thread: the size comes from there.
  const stdout = new tty.WriteStream(1);
  const setSize = (columns: number, rows: number): void => {
    stdout.columns = columns;
    stdout.rows = rows;
  };
  setSize(terminal.columns, terminal.rows);
  const stdin = new tty.ReadStream(0);

  // The page of finished tests the run sent last and the query it answers, and the query the list asked
  // last (see thread-main.ts).
  let page: ListPage = { length: 0, at: 0, from: 0, rows: [] };
  let answered: ListQuery | undefined;
  let asked: ListQuery | undefined;
  // Tests opened on screen, whole, as the run sent them back: they replace their row wherever it shows.
  let opened = new Map<string, FinishedTest>();

  const view = createDashboardView({
    stdout, stdin, stay: terminal.stay,
    interrupt: () => send({ kind: 'interrupt' }),
    fetchDetails: (t) => send({ kind: 'details', key: t.key }),
    firstFrame: link.firstFrame,
    // Asked while a frame renders: a new query goes to the run, whose answer draws the frame again.
    page(q) {
      if (!sameQuery(asked, q)) {
        asked = q;
        send({ kind: 'list', query: q });
      }
      // Until the run answers a new filter (f, /), the rows at hand that pass it: none that should not show.
      // Until it answers a move, the rows at hand that belong in the window it moved to.
      const filtering = answered !== undefined && !sameFilters(answered, q);
      const near = filtering ? page : pageToward(page, q);
      let rows = opened.size ? near.rows.map((r) => opened.get(r.key) ?? r) : near.rows;
      if (filtering) rows = rows.filter((r) => matches(q, r.name, isFailing(r)));
      return rows === near.rows ? near : { ...near, rows };
    },
  });

  link.onMessage((m) => {
    if (m.kind === 'state') {
      if (m.fresh) opened = new Map();
      // The head is whole: what it lacks (a base URL, a load panel, a status) the state has no more.
      delete view.state.baseUrl;
      delete view.state.status;
      delete view.state.load;
      Object.assign(view.state, m.head);
      page = m.page;
      answered = m.query;
      view.update();
    } else if (m.kind === 'page') {
      page = m.page;
      answered = m.query;
      view.update();
    } else if (m.kind === 'details') {
      opened.set(m.test.key, m.test);
      view.update();
    } else if (m.kind === 'resize') {
      setSize(m.columns, m.rows);
      stdout.emit('resize');
    } else if (m.kind === 'close') {
      void view.finish().then((choice) => {
        const closed: FromDashboard = { kind: 'closed', rerun: choice === 'rerun', frames: view.frames() };
        if (closed.rerun) return send(closed);
        leave();
        stdout.write('', () => send(closed));
      });
    }
  });

  let left = false;
  const leave = (): void => {
    if (left) return;
    left = true;
    // ink puts the terminal back (raw mode off, cursor shown); then the handles are let go.
    try {
      view.leave();
    } finally {
      stdin.destroy();
    }
  };
  return { leave };
}
