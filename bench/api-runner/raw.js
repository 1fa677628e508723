// The peer: a plain Node script doing the same N GET requests with undici at a fixed concurrency.
// usage: node raw.js URL N CONCURRENCY
import { Agent, request } from 'undici';

const [url, n = '10000', c = '16'] = process.argv.slice(2);
const total = Number(n);
const agent = new Agent({ connections: Number(c) });
let next = 0;
let ok = 0;
async function loop() {
  while (next < total) {
    next++;
    const res = await request(url, { dispatcher: agent });
    await res.body.text();
    if (res.statusCode === 200) ok++;
  }
}
await Promise.all(Array.from({ length: Number(c) }, loop));
await agent.close();
if (ok !== total) {
  console.error(`raw: only ${ok}/${total} requests succeeded`);
  process.exit(1);
}
