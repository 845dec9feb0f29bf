import * as net from 'node:net';

/**
 * A TCP server on 127.0.0.1 that accepts connections and never says a word: the shape of a
 * firewalled or hung database. It records when each accepted socket is closed by the client.
 */
export interface SilentServer {
  port: number;
  accepted: number;
  /** Resolves when every accepted socket has been closed, or rejects after `ms`. */
  allClosed(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const open = new Set<net.Socket>();
  const waiters: Array<() => void> = [];
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    open.add(socket);
    socket.on('error', () => undefined);
    // Read and drop what the client sends: a paused socket with unread data never sees the client's
    // FIN, so its 'close' would not fire.
    socket.resume();
    socket.on('close', () => {
      open.delete(socket);
      if (open.size === 0) waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    get accepted() {
      return accepted;
    },
    allClosed: (ms) =>
      new Promise<void>((resolve, reject) => {
        if (open.size === 0) {
          resolve();
          return;
        }
        const timer = setTimeout(() => reject(new Error(`${open.size} connection(s) still open after ${ms} ms`)), ms);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
