// One Engine API call over a unix socket, for the scripts that read or set up an engine beside
// the tools they measure (bench-up, bench-deploy, record-observed).
import { request } from 'node:http';

/** `method apiPath` with `body` as JSON; resolves with the parsed answer (undefined when empty), rejects on a status of 300 or more. */
export function engineCall(socketPath, method, apiPath, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {};
    const req = request({ socketPath, method, path: apiPath, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode >= 300) reject(new Error(`${method} ${apiPath}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
