import { DisposableLike, DisposableStore } from './disposableStore';

/** The shape of `vscode.Event<T>`, without importing `vscode` (so this file is unit-tested in Node). */
export type EventLike<T> = (listener: (e: T) => unknown) => DisposableLike;

type NextEventOutcome<R> = { status: 'fired'; value: R } | { status: 'timeout' } | { status: 'disposed' };

interface NextEventOptions {
  /** Give up after this long (default: never). */
  timeoutMs?: number;
  /** Give up when this store is disposed (the extension deactivates, a runner goes away). */
  owner?: DisposableStore;
}

/**
 * Waits for the first event of `event` that `pick` maps to a value (undefined: not this one, keep
 * waiting). The listener is removed in every outcome: the event came, the time ran out, or the
 * owner was disposed. A listener left on an event that never fires again would be held forever.
 */
export function nextEvent<T, R>(event: EventLike<T>, pick: (e: T) => R | undefined, opts: NextEventOptions = {}): Promise<NextEventOutcome<R>> {
  return new Promise((resolve) => {
    if (opts.owner?.isDisposed) return resolve({ status: 'disposed' });
    let done = false;
    const parts: DisposableLike[] = [];
    const finish = (outcome: NextEventOutcome<R>) => {
      if (done) return;
      done = true;
      for (const p of parts) p.dispose();
      if (opts.owner && !opts.owner.isDisposed) opts.owner.delete(cancel);
      resolve(outcome);
    };
    // Registered with the owner: its dispose() ends the wait.
    const cancel: DisposableLike = { dispose: () => finish({ status: 'disposed' }) };
    parts.push(
      event((e) => {
        const value = pick(e);
        if (value !== undefined) finish({ status: 'fired', value });
      }),
    );
    // The event may have fired synchronously, while subscribing.
    if (done) {
      for (const p of parts) p.dispose();
      return;
    }
    if (opts.timeoutMs !== undefined) {
      const timer = setTimeout(() => finish({ status: 'timeout' }), opts.timeoutMs);
      parts.push({ dispose: () => clearTimeout(timer) });
    }
    opts.owner?.add(cancel);
  });
}
