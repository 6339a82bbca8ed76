/** What every benchmark shares: the rows of the table, medians and percentiles, the editor key. */
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const KEY = 'bench-editor-key';

export interface Row {
  name: string;
  value: string;
  target: string;
  pass: boolean | null;
  detail?: Record<string, unknown>;
}
export const rows: Row[] = [];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
