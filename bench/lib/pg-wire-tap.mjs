// A counting TCP relay for the PostgreSQL wire protocol, on 127.0.0.1: point a client at tap.port instead of the
// server and it sees every statement that client sends, with no server configuration (pg_stat_statements, log
// settings) needed. The monitor benchmark uses it to count the queries dbwarden sends while idle and to timestamp the
// steps between a NOTIFY reaching dbwarden and its MCP notification.
//
// It relays bytes unchanged, except that it answers an SSLRequest or GSSENCRequest itself with 'N' (no encryption),
// so the rest of the session is readable. Counted as statements: simple-protocol Query ('Q') and extended-protocol
// Execute ('E') messages; an Execute is labelled with the text of the statement its portal was bound from.

import net from 'node:net';
import { performance } from 'node:perf_hooks';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

function cstring(buf, off) {
  const end = buf.indexOf(0, off);
  if (end < 0) return [buf.toString('utf8', off), buf.length];
  return [buf.toString('utf8', off, end), end + 1];
}

/**
 * Starts the relay to upstream host:port; resolves with { port, events, connections, between(t0, t1), close() }.
 * events: { t (performance.now()), conn, app, kind: open | close | statement | notify | ready, text? }; at most
 * maxEvents are kept (the benchmark records minutes, not hours).
 */
export function startWireTap({ host, port, maxEvents = 1_000_000 }) {
  const events = [];
  const connections = [];
  const sockets = new Set();
  let dropped = 0;
  let nextId = 1;
  const record = (ev) => {
    if (events.length < maxEvents) events.push(ev);
    else dropped++;
  };

  const server = net.createServer((client) => {
    const conn = { id: nextId++, app: '', openedAt: performance.now(), closedAt: null, prepared: new Map(), bound: '' };
    connections.push(conn);
    const upstream = net.connect({ host, port });
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    record({ t: conn.openedAt, conn: conn.id, app: conn.app, kind: 'open' });

    let front = Buffer.alloc(0);
    let startup = true;
    let raw = false;
    client.on('data', (chunk) => {
      const t = performance.now();
      if (raw) {
        upstream.write(chunk);
        return;
      }
      front = front.length ? Buffer.concat([front, chunk]) : chunk;
      const out = [];
      let off = 0;
      for (;;) {
        if (startup) {
          if (front.length - off < 8) break;
          const len = front.readInt32BE(off);
          if (front.length - off < len) break;
          const code = front.readInt32BE(off + 4);
          const msg = front.subarray(off, off + len);
          off += len;
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            client.write('N');
            continue;
          }
          out.push(msg);
          if (code === CANCEL_REQUEST) {
            conn.app = '(cancel request)';
            raw = true;
            out.push(front.subarray(off));
            off = front.length;
            break;
          }
          let p = 8;
          while (p < msg.length && msg[p] !== 0) {
            let key;
            let value;
            [key, p] = cstring(msg, p);
            [value, p] = cstring(msg, p);
            if (key === 'application_name') conn.app = value;
          }
          startup = false;
          continue;
        }
        if (front.length - off < 5) break;
        const type = String.fromCharCode(front[off]);
        const len = front.readInt32BE(off + 1);
        if (front.length - off < 1 + len) break;
        const body = front.subarray(off + 5, off + 1 + len);
        if (type === 'Q') {
          const text = cstring(body, 0)[0];
          // pgjdbc sets application_name with a SET after start-up unless told the server is 9.0 or later.
          const app = text.match(/\bset\s+application_name\s*=\s*'([^']*)'/i);
          if (app) conn.app = app[1];
          record({ t, conn: conn.id, app: conn.app, kind: 'statement', text });
        } else if (type === 'P') {
          const [name, q] = cstring(body, 0);
          conn.prepared.set(name, cstring(body, q)[0]);
        } else if (type === 'B') {
          const [, s] = cstring(body, 0);
          conn.bound = conn.prepared.get(cstring(body, s)[0]) ?? '(unknown prepared statement)';
        } else if (type === 'E') {
          record({ t, conn: conn.id, app: conn.app, kind: 'statement', text: conn.bound });
        }
        out.push(front.subarray(off, off + 1 + len));
        off += 1 + len;
      }
      if (out.length) upstream.write(Buffer.concat(out));
      front = off >= front.length ? Buffer.alloc(0) : Buffer.from(front.subarray(off));
    });

    // Server to client: relayed as it arrives; parsed only for NotificationResponse ('A') and ReadyForQuery ('Z').
    let back = Buffer.alloc(0);
    upstream.on('data', (chunk) => {
      const t = performance.now();
      client.write(chunk);
      if (raw) return;
      back = back.length ? Buffer.concat([back, chunk]) : chunk;
      let off = 0;
      while (back.length - off >= 5) {
        const type = String.fromCharCode(back[off]);
        const len = back.readInt32BE(off + 1);
        if (back.length - off < 1 + len) break;
        if (type === 'A') {
          const [channel, p] = cstring(back, off + 9);
          record({ t, conn: conn.id, app: conn.app, kind: 'notify', text: `${channel} ${cstring(back, p)[0]}` });
        } else if (type === 'Z') {
          record({ t, conn: conn.id, app: conn.app, kind: 'ready' });
        }
        off += 1 + len;
      }
      back = off >= back.length ? Buffer.alloc(0) : Buffer.from(back.subarray(off));
    });

    const finish = () => {
      if (conn.closedAt !== null) return;
      conn.closedAt = performance.now();
      record({ t: conn.closedAt, conn: conn.id, app: conn.app, kind: 'close' });
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', finish);
    upstream.on('close', finish);
    client.on('error', finish);
    upstream.on('error', finish);
  });

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        events,
        connections,
        dropped: () => dropped,
        between: (t0, t1) => events.filter((e) => e.t >= t0 && e.t < t1),
        close: () => new Promise((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
      });
    });
  });
}
