// Reading a request body as text, with a size limit: shared by the REST routes and /graphql.

const MAX_BODY_BYTES = 1024 * 1024;

/** The body as UTF-8 text; rejects with `status: 413` past 1 MiB. */
export function readText(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
