/** Where the CLI writes, and its progress bar. */

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Whether stderr is a terminal (a live progress bar) or not (plain progress lines). */
  tty: boolean;
}

/** `[#####.....] 5/10` */
export function bar(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}
