import type { Clock } from '../core/ports.js';

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests). */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
