// A log file that cannot be written (a full disk, a folder that cannot be made) never throws, never ends the
// process, and is reported once; the run's own output is left alone.
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/util/logger.js';

const now = new Date('2026-01-02T10:00:00Z');
const logName = 'aitest-2026-01-02.log';

describe('createLogger on a log that cannot be written', () => {
  it.runIf(existsSync('/dev/full'))('a full disk (ENOSPC) turns logging off quietly and says so once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-log-'));
    // /dev/full accepts an open and fails every write with ENOSPC, as a full disk does.
    symlinkSync('/dev/full', path.join(dir, logName));
    const failures: { error: Error; destination: string }[] = [];
    const logger = await createLogger({ verbose: false, logDir: dir, now, onFailure: (error, destination) => failures.push({ error, destination }) });

    expect(() => {
      logger.log.info('webServer is up', { url: 'http://127.0.0.1:1' });
      logger.log.error('the results store failed', { error: 'full' });
      logger.log.warn('more');
      logger.flush();
    }).not.toThrow();
    expect(failures).toHaveLength(1);
    expect((failures[0].error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(failures[0].destination).toBe(path.join(dir, logName));
  });

  it('a log folder that cannot be made is reported once, and nothing throws', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-log-'));
    const notADir = path.join(dir, 'logs');
    writeFileSync(notADir, 'a file where the folder should be');
    const failures: Error[] = [];
    const logger = await createLogger({ verbose: false, logDir: notADir, now, onFailure: (e) => failures.push(e) });
    expect(() => {
      logger.log.info('one');
      logger.log.error('two');
      logger.flush();
    }).not.toThrow();
    expect(failures).toHaveLength(1);
  });

  it('without onFailure a failing log is silent', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-log-'));
    writeFileSync(path.join(dir, 'logs'), '');
    const logger = await createLogger({ verbose: false, logDir: path.join(dir, 'logs'), now });
    expect(() => logger.log.error('x')).not.toThrow();
  });
});
