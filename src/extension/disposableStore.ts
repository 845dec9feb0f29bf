/** Anything with a `dispose()`: a vscode.Disposable, an event subscription, a timer wrapped by `timeout()`. */
export interface DisposableLike {
  dispose(): unknown;
}

/**
 * Owns disposables that arrive over time (a timer per new terminal, a listener per running task):
 * `vscode.Disposable.from(...list)` copies its list once, so what is pushed later is never
 * disposed. A disposable added after `dispose()` is disposed at once. One that is done early
 * (a timer that fired, a task that ended) is let go with `delete()`, so the store does not grow.
 * Imports nothing from `vscode`, so it is unit-tested in Node.
 */
export class DisposableStore implements DisposableLike {
  private readonly items = new Set<DisposableLike>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The number of disposables held: for tests, and to see that the store does not grow. */
  get size(): number {
    return this.items.size;
  }

  add<T extends DisposableLike>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.add(d);
    return d;
  }

  /** Disposes `d` and forgets it (a no-op when the store does not hold it). */
  delete(d: DisposableLike): void {
    if (this.items.delete(d)) d.dispose();
  }

  /** Disposes everything held, each once, even when one of them throws; the first error is rethrown. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items];
    this.items.clear();
    let failure: { error: unknown } | undefined;
    for (const d of items) {
      try {
        d.dispose();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

/** A one-shot timer as a disposable: disposing it before it fires cancels it. */
export function timeout(ms: number, fn: () => void): DisposableLike {
  const timer = setTimeout(fn, ms);
  return { dispose: () => clearTimeout(timer) };
}
