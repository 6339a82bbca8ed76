import { FAILURE_WINDOW_MS } from '../../core/keys.js';
import type { FailureCount, FailureCounter } from '../../core/ports.js';

/**
 * Failed authentications per client in a sliding minute, in this process's
 * memory: exact, and enough where one process answers every request (the
 * local runtime). On Lambda each container would count apart, so the Lambda
 * world counts in the table instead (adapters/dynamo/keys.ts).
 */
export class MemoryFailureCounter implements FailureCounter {
  private readonly failures = new Map<string, number[]>();

  private recent(client: string, now: number): number[] {
    const kept = (this.failures.get(client) ?? []).filter((at) => now - at < FAILURE_WINDOW_MS);
    if (kept.length === 0) this.failures.delete(client);
    else this.failures.set(client, kept);
    return kept;
  }

  async failuresOf(client: string, now: Date): Promise<FailureCount> {
    const recent = this.recent(client, now.getTime());
    const oldest = recent[0] ?? now.getTime();
    return { count: recent.length, clearsInMs: oldest + FAILURE_WINDOW_MS - now.getTime() };
  }

  async recordFailure(client: string, now: Date): Promise<void> {
    // Bounded memory: a flood from many addresses drops the oldest entries first.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(client, [...this.recent(client, now.getTime()), now.getTime()]);
  }
}
