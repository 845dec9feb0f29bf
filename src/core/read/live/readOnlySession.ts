/** A connection that can only read: the one way src/core/live talks to a MySQL or PostgreSQL server. */
export interface ReadOnlySession {
  /** Connects, then makes the session read-only before anything else runs. */
  open(): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Polite close (QUIT / Terminate), bounded in time; falls back to {@link destroy}. */
  close(): Promise<void>;
  /** Tears the socket down at once (used on timeouts). Safe to call at any time, more than once. */
  destroy(): void;
}

/** How long a polite close may take before the socket is simply destroyed. */
export const CLOSE_GRACE_MS = 500;

/** Resolves when `p` settles or after `ms`, whichever comes first; never rejects. */
export function settleWithin(p: Promise<unknown>, ms: number): Promise<'settled' | 'late'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('late'), ms);
    p.then(
      () => {
        clearTimeout(timer);
        resolve('settled');
      },
      () => {
        clearTimeout(timer);
        resolve('settled');
      },
    );
  });
}
