/**
 * Scheduled publication on one machine: a timer per scheduled article that
 * wakes the publisher when its publishedAt arrives (within the batching
 * window of it). Armed again from the store at every start.
 */
import type { ArticleStore, Clock, Logger, PublishScheduler } from '../../core/ports.js';

/** setTimeout's longest delay; a later wake-up re-arms when this one fires. */
const MAX_DELAY = 2 ** 31 - 1;

export class LocalScheduler implements PublishScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Publications under way, which closing waits for. */
  private readonly running = new Set<Promise<void>>();
  private onDue: (id: string) => Promise<void> = async () => {};

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** What to run when an article comes due (the publisher; set once it exists). */
  wake(onDue: (id: string) => Promise<void>): void {
    this.onDue = onDue;
  }

  async schedule(id: string, at: Date): Promise<void> {
    await this.cancel(id);
    const delay = Math.max(0, at.getTime() - this.clock.now().getTime());
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        // Past setTimeout's longest delay, or woken a little early (timers may
        // fire a millisecond before their time): wait for the rest.
        if (this.clock.now().getTime() < at.getTime()) {
          void this.schedule(id, at);
          return;
        }
        const running = this.onDue(id)
          .catch((error: unknown) =>
            this.log.error('schedule.publish-failed', { id, error: (error as Error).message }),
          )
          .finally(() => this.running.delete(running));
        this.running.add(running);
      },
      Math.min(delay, MAX_DELAY),
    );
    this.timers.set(id, timer);
  }

  async cancel(id: string): Promise<void> {
    const timer = this.timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(id);
  }

  /** Arms a timer for every article the store holds as scheduled. */
  async restore(store: ArticleStore): Promise<number> {
    const now = this.clock.now();
    let armed = 0;
    let cursor: string | undefined;
    do {
      const page = await store.unpublished({ status: 'scheduled', limit: 100, cursor, now });
      for (const { id, publishedAt } of page.items) await this.schedule(id, new Date(publishedAt));
      armed += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return armed;
  }

  /** Stops every timer and waits for the publications already under way. */
  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }
}
