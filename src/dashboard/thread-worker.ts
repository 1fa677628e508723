// The dashboard's thread (see thread-main.ts; thread-start.ts loads it): its own TTY streams on fd 1 and
// fd 0, a view of the state the run posts.
import tty from 'node:tty';
import { parentPort, workerData } from 'node:worker_threads';
import type { FinishedTest } from './state.js';
import type { DashboardThreadData, FromDashboard, ToDashboard } from './thread-protocol.js';
import { createDashboardView } from './view.js';

const data = workerData as DashboardThreadData;
const port = parentPort!;
const send = (m: FromDashboard): void => port.postMessage(m);

// Signals (SIGWINCH) reach only the main thread: the size comes from there.
const stdout = new tty.WriteStream(1);
const setSize = (columns: number, rows: number): void => {
  stdout.columns = columns;
  stdout.rows = rows;
};
setSize(data.columns, data.rows);
const stdin = new tty.ReadStream(0);

const view = createDashboardView({
  stdout, stdin, stay: data.stay,
  interrupt: () => send({ kind: 'interrupt' }),
  fetchDetails: (t) => send({ kind: 'details', key: t.key }),
});
// Where each finished test sits in the list, for details arriving later.
let index = new Map<string, number>();

const replace = (t: FinishedTest): void => {
  const i = index.get(t.key);
  if (i !== undefined) view.state.finished[i] = t;
};

port.on('message', (m: ToDashboard) => {
  if (m.kind === 'state') {
    if (m.fresh) {
      view.state.finished = [];
      index = new Map();
    }
    // The head is whole: what it lacks (a base URL, a load panel, a status) the state has no more.
    delete view.state.baseUrl;
    delete view.state.status;
    delete view.state.load;
    Object.assign(view.state, m.head);
    for (const t of m.finished) {
      index.set(t.key, view.state.finished.length);
      view.state.finished.push(t);
    }
    view.update();
  } else if (m.kind === 'details') {
    replace(m.test);
    view.update();
  } else if (m.kind === 'resize') {
    setSize(m.columns, m.rows);
    stdout.emit('resize');
  } else if (m.kind === 'close') {
    void view.finish().then((choice) => {
      const closed: FromDashboard = { kind: 'closed', rerun: choice === 'rerun', frames: view.frames() };
      if (closed.rerun) return send(closed);
      // ink puts the terminal back (raw mode off, cursor shown); then the handles are let go.
      view.leave();
      stdin.destroy();
      stdout.write('', () => send(closed));
    });
  }
});
