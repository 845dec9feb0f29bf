/**
 * The extension's disposable store and its waits on events, without a VS Code: a terminal opened
 * later gets its timer disposed too, and a listener whose event never comes is removed on
 * timeout and on dispose (issue 12's leaks in terminalWatcher.ts, runTask and settled()).
 */
import * as assert from 'node:assert/strict';
import { DisposableLike, DisposableStore, timeout } from '../../../src/extension/disposableStore';
import { EventLike, nextEvent } from '../../../src/extension/nextEvent';

/** A minimal event emitter that counts its listeners. */
class Emitter<T> {
  readonly listeners = new Set<(e: T) => unknown>();
  readonly event: EventLike<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

function counter(): DisposableLike & { count: number } {
  const d = { count: 0, dispose: () => d.count++ };
  return d;
}

describe('DisposableStore', () => {
  it('disposes what was added after it was handed out (the terminal watcher bug)', () => {
    const store = new DisposableStore();
    const early = store.add(counter());
    const late = store.add(counter());
    store.dispose();
    assert.deepEqual([early.count, late.count], [1, 1]);
  });

  it('disposes each once, and at once what is added after dispose', () => {
    const store = new DisposableStore();
    const a = store.add(counter());
    store.dispose();
    store.dispose();
    const b = store.add(counter());
    assert.deepEqual([a.count, b.count, store.size], [1, 1, 0]);
  });

  it('delete() disposes and forgets one item, so the store does not grow', () => {
    const store = new DisposableStore();
    const a = store.add(counter());
    const b = store.add(counter());
    store.delete(a);
    store.delete(a);
    assert.deepEqual([a.count, b.count, store.size], [1, 0, 1]);
  });

  it('disposes the others when one throws, then rethrows', () => {
    const store = new DisposableStore();
    const a = store.add(counter());
    store.add({
      dispose: () => {
        throw new Error('boom');
      },
    });
    const c = store.add(counter());
    assert.throws(() => store.dispose(), /boom/);
    assert.deepEqual([a.count, c.count], [1, 1]);
  });

  it('a timeout() disposed before it fires never fires', async () => {
    let fired = 0;
    const store = new DisposableStore();
    store.add(timeout(5, () => fired++));
    store.dispose();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(fired, 0);
  });
});

describe('nextEvent', () => {
  it('resolves with the first event pick accepts, then removes its listener', async () => {
    const e = new Emitter<number>();
    const wait = nextEvent(e.event, (n) => (n > 1 ? n * 10 : undefined));
    e.fire(1);
    assert.equal(e.listeners.size, 1);
    e.fire(2);
    assert.deepEqual(await wait, { status: 'fired', value: 20 });
    assert.equal(e.listeners.size, 0);
  });

  it('removes its listener on timeout, when the event never comes', async () => {
    const e = new Emitter<number>();
    const outcome = await nextEvent(e.event, (n) => n, { timeoutMs: 5 });
    assert.deepEqual([outcome, e.listeners.size], [{ status: 'timeout' }, 0]);
  });

  it('removes its listener when the owner is disposed, and leaves nothing in the owner once done', async () => {
    const e = new Emitter<number>();
    const owner = new DisposableStore();
    const first = nextEvent(e.event, (n) => n, { owner });
    e.fire(7);
    assert.deepEqual(await first, { status: 'fired', value: 7 });
    assert.equal(owner.size, 0);
    const second = nextEvent(e.event, (n) => n, { owner, timeoutMs: 60_000 });
    assert.equal(owner.size, 1);
    owner.dispose();
    assert.deepEqual([await second, e.listeners.size], [{ status: 'disposed' }, 0]);
  });

  it('with an owner already disposed: resolves at once and never subscribes', async () => {
    const e = new Emitter<number>();
    const owner = new DisposableStore();
    owner.dispose();
    assert.deepEqual(await nextEvent(e.event, (n) => n, { owner }), { status: 'disposed' });
    assert.equal(e.listeners.size, 0);
  });

  it('an event fired while subscribing counts, and its listener is removed', async () => {
    const fireAtOnce: EventLike<number> = (listener) => {
      listener(3);
      return { dispose: () => (removed = true) };
    };
    let removed = false;
    assert.deepEqual(await nextEvent(fireAtOnce, (n) => n), { status: 'fired', value: 3 });
    assert.equal(removed, true);
  });
});
