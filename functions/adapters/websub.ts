/**
 * WebSub publisher pings (hub.mode=publish), form-encoded, with a timeout and
 * bounded retries. A failing hub is logged; it never fails publishing.
 */
import type { HubNotifier, Logger } from '../core/ports.js';

export class WebSubNotifier implements HubNotifier {
  constructor(
    private readonly hubs: readonly string[],
    private readonly log: Logger,
    private readonly options = { timeoutMs: 5000, attempts: 3, backoffMs: 250 },
  ) {}

  async notify(feedUrls: string[]): Promise<void> {
    if (this.hubs.length === 0 || feedUrls.length === 0) return;
    await Promise.all(this.hubs.flatMap((hub) => feedUrls.map((url) => this.ping(hub, url))));
  }

  private async ping(hub: string, url: string): Promise<void> {
    const body = new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString();
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      try {
        const response = await fetch(hub, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return;
        if (response.status < 500 && response.status !== 429) {
          this.log.warn('websub.rejected', { hub, url, status: response.status });
          return;
        }
        this.log.warn('websub.retry', { hub, url, status: response.status, attempt });
      } catch (error) {
        this.log.warn('websub.retry', { hub, url, error: (error as Error).message, attempt });
      }
      if (attempt < this.options.attempts)
        await new Promise((r) => setTimeout(r, this.options.backoffMs * 2 ** (attempt - 1)));
    }
    this.log.error('websub.failed', { hub, url });
  }
}
