import { describe, expect, it } from 'vitest';
import { LocalScheduler } from '../../functions/adapters/local/scheduler.js';
import { silentLogger } from '../../functions/adapters/log.js';
import { atExpression } from '../../functions/adapters/scheduler.js';
import type { Clock } from '../../functions/core/ports.js';

describe('EventBridge at() expressions', () => {
  it('round up to the whole second, so a wake-up never comes before publishedAt', () => {
    expect(atExpression(new Date('2026-03-01T12:00:00.000Z'))).toBe('at(2026-03-01T12:00:00)');
    expect(atExpression(new Date('2026-03-01T12:00:00.001Z'))).toBe('at(2026-03-01T12:00:01)');
    expect(atExpression(new Date('2026-12-31T23:59:59.500Z'))).toBe('at(2027-01-01T00:00:00)');
  });
});

/** Resolves once `done` holds, polling; fails the test after 5 s (a loaded machine may delay timers). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

describe('LocalScheduler', () => {
  it('waits for the rest when its timer fires before the time, and wakes once', async () => {
    // Prepare: a clock 60 ms ahead while scheduling makes the timer fire 60 ms early by that clock's later reading.
    let ahead = 60;
    const clock: Clock = { now: () => new Date(Date.now() + ahead) };
    const scheduler = new LocalScheduler(clock, silentLogger);
    const woken: number[] = [];
    scheduler.wake(async () => {
      woken.push(clock.now().getTime());
    });
    const at = new Date(Date.now() + 100);
    // Act
    await scheduler.schedule('a', at);
    ahead = 0;
    await until(() => woken.length > 0);
    // Assess: woken at its time, not before, and once (a little longer shows no second wake-up).
    expect(woken[0]).toBeGreaterThanOrEqual(at.getTime());
    await new Promise((r) => setTimeout(r, 100));
    expect(woken).toHaveLength(1);
    await scheduler.close();
  });

  it('waits, when closed, for a publication already under way', async () => {
    const scheduler = new LocalScheduler({ now: () => new Date() }, silentLogger);
    let started = false;
    let finished = false;
    scheduler.wake(async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 100));
      finished = true;
    });
    await scheduler.schedule('a', new Date(Date.now() + 10));
    await until(() => started);
    await scheduler.close();
    expect(finished).toBe(true);
  });

  it('never wakes for a cancelled article', async () => {
    const scheduler = new LocalScheduler({ now: () => new Date() }, silentLogger);
    const woken: string[] = [];
    scheduler.wake(async (id) => {
      woken.push(id);
    });
    await scheduler.schedule('gone', new Date(Date.now() + 20));
    await scheduler.cancel('gone');
    await new Promise((r) => setTimeout(r, 80));
    expect(woken).toEqual([]);
  });
});
