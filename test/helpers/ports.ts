// A free TCP port on 127.0.0.1 (for plans that must name their webServer's port up front).
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment that runs an example plan's demo app on a free port (the examples read DEMO_PORT). */
export async function demoPortEnv(): Promise<{ DEMO_PORT: string }> {
  return { DEMO_PORT: String(await freePort()) };
}
