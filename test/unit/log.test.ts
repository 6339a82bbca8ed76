import { describe, expect, it } from 'vitest';
import { JsonLogger, parseLogLevel } from '../../functions/adapters/log.js';

describe('JsonLogger levels (LOG_LEVEL)', () => {
  const capture = (level?: Parameters<typeof parseLogLevel>[0]) => {
    const lines: Array<{ level: string; message: string }> = [];
    const log = new JsonLogger(
      { service: 't' },
      (line) => lines.push(JSON.parse(line)),
      parseLogLevel(level),
    );
    log.info('routine');
    log.warn('odd');
    log.error('broken');
    return lines.map((l) => `${l.level}:${l.message}`);
  };

  it('writes everything by default, and from the level given up', () => {
    expect(capture(undefined)).toEqual(['info:routine', 'warn:odd', 'error:broken']);
    expect(capture('warn')).toEqual(['warn:odd', 'error:broken']);
    expect(capture('ERROR')).toEqual(['error:broken']);
  });

  it('refuses a level it does not know, naming the ones it does', () => {
    expect(() => parseLogLevel('verbose')).toThrow(/LOG_LEVEL must be one of info, warn, error/);
  });

  it('keeps the level in child loggers and never writes a secret field', () => {
    const lines: string[] = [];
    const log = new JsonLogger({}, (line) => lines.push(line), 'warn').child({ fn: 'x' });
    log.info('dropped');
    log.warn('kept', { authorization: 'Bearer fw_secret' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('fw_secret');
  });
});
