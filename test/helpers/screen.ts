// A terminal of a fixed size for the live view's tests: it keeps what a person would see (the rows on
// screen and those scrolled off above), applying the few controls the view writes: CR, LF, cursor up,
// erase below, line wrap on/off. Colours and other codes are dropped.
import { EventEmitter } from 'node:events';

export class Screen extends EventEmitter {
  /** Every row, the scrolled-off ones first. */
  lines: string[] = [''];
  /** The first row on screen: rows above it have scrolled off. */
  private top = 0;
  private row = 0;
  private col = 0;
  private wrap = true;
  cursorShown = true;

  constructor(public columns: number, public rows: number) {
    super();
  }

  write(chunk: string): boolean {
    const parts = String(chunk).split(/(\x1b\[[0-9;?]*[a-zA-Z]|\r|\n)/);
    for (const p of parts) {
      if (p === '') continue;
      if (p === '\r') this.col = 0;
      else if (p === '\n') this.newline();
      else if (p.startsWith('\x1b[')) this.control(p);
      else this.print(p);
    }
    return true;
  }

  /** The text on screen now (the last `rows` rows, trailing blanks trimmed). */
  visible(): string {
    return this.lines.slice(this.top, this.top + this.rows).join('\n').trimEnd();
  }

  /** Everything a person can see or scroll back to. */
  all(): string {
    return this.lines.join('\n').trimEnd();
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    // A shorter screen keeps the cursor's row: the rows above go to the scrollback.
    this.top = Math.max(this.top, this.row - rows + 1);
    this.emit('resize');
  }

  private newline(): void {
    this.row++;
    this.col = 0;
    if (this.row === this.lines.length) this.lines.push('');
    if (this.row >= this.top + this.rows) this.top = this.row - this.rows + 1;
  }

  private control(code: string): void {
    const n = Number(code.slice(2, -1)) || 1;
    if (code.endsWith('A')) this.row = Math.max(this.top, this.row - n);
    else if (code === '\x1b[J') {
      this.lines[this.row] = this.lines[this.row]!.slice(0, this.col);
      this.lines.length = this.row + 1;
    } else if (code === '\x1b[?7l') this.wrap = false;
    else if (code === '\x1b[?7h') this.wrap = true;
    else if (code === '\x1b[?25l') this.cursorShown = false;
    else if (code === '\x1b[?25h') this.cursorShown = true;
  }

  private print(text: string): void {
    for (const ch of text) {
      if (this.col >= this.columns) {
        if (!this.wrap) continue;
        this.newline();
      }
      const line = this.lines[this.row]!.padEnd(this.col);
      this.lines[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
      this.col++;
    }
  }
}
