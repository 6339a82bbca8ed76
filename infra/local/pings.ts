/**
 * Hub pings off the publishing path, on one machine. On Lambda the publish
 * function must wait for its pings (it is frozen once it returns), and they are
 * bounded there by the notifier's timeout and retries; here the next batch need
 * not wait behind a slow hub, so pings run beside publishing and closing waits
 * for them.
 */
import type { HubNotifier, Logger } from '../../functions/core/ports.js';

export class BackgroundPings implements HubNotifier {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly hubs: HubNotifier,
    private readonly log: Logger,
  ) {}

  async notify(feedUrls: string[]): Promise<void> {
    const ping: Promise<void> = this.hubs
      .notify(feedUrls)
      .catch((error: unknown) => this.log.error('websub.failed', { error: (error as Error).message }))
      .finally(() => this.running.delete(ping));
    this.running.add(ping);
  }

  /** Resolves once every ping under way (and any started meanwhile) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
