import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const BINARY = process.env.FLOWLENS_TEST_NATS_SERVER ?? '/usr/sbin/nats-server';

/** A private nats-server with JetStream (own port and store dir) that a test may stop and restart. */
export interface LocalNats {
  readonly url: string;
  /** Stops the broker (SIGTERM, waits for exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port and store directory (no-op while it runs). */
  start(): Promise<void>;
  /** Stops it for good and removes its store. */
  dispose(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

async function accepting(port: number): Promise<boolean> {
  const socket = createConnection({ host: '127.0.0.1', port });
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

/** Starts `/usr/sbin/nats-server -js` on a free port with a temporary `-sd`; tests only. */
export async function startLocalNats(): Promise<LocalNats> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'flowlens-nats-'));
  let child: ChildProcess | undefined;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    if (running()) {
      return;
    }
    const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
    const c = spawn(BINARY, args, { stdio: 'ignore' });
    child = c;
    for (let i = 0; i < 200; i++) {
      if (c.exitCode !== null) {
        throw new Error(`nats-server exited with ${c.exitCode}`);
      }
      if (await accepting(port)) {
        return;
      }
      await sleep(25);
    }
    throw new Error('nats-server did not start');
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = once(c, 'exit');
      c.kill('SIGTERM');
      await exited;
    }
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}
