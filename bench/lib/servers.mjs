// How each MCP server under test is started, in one place, so startup.mjs and latency.mjs measure the same commands.
// Paths are absolute; `label` is what the result tables print, `shown` is the command as a reader would type it.

import path from 'node:path';
import { BENCH, JAR, LAUNCHER } from './common.mjs';

const REF = path.join(BENCH, 'node_modules', '@modelcontextprotocol', 'server-postgres', 'dist', 'index.js');
const DBHUB = path.join(BENCH, 'node_modules', '@bytebase', 'dbhub', 'dist', 'index.js');

export function stdioServers(url) {
  return [
    {
      key: 'dbwarden-launcher',
      label: 'dbwarden, ./dbwarden launcher (CDS, C1, SerialGC)',
      cmd: LAUNCHER,
      args: ['serve', '--stdio', '--db', url],
      shown: `./dbwarden serve --stdio --db ${url}`,
    },
    {
      key: 'dbwarden-java-jar',
      label: 'dbwarden, plain java -jar (no CDS, default JIT and GC)',
      cmd: 'java',
      args: ['-jar', JAR, 'serve', '--stdio', '--db', url],
      shown: `java -jar target/dbwarden.jar serve --stdio --db ${url}`,
    },
    {
      key: 'reference',
      label: 'reference server (@modelcontextprotocol/server-postgres)',
      cmd: 'node',
      args: [REF, url],
      shown: `node node_modules/@modelcontextprotocol/server-postgres/dist/index.js ${url}`,
    },
    {
      key: 'dbhub',
      label: 'DBHub (@bytebase/dbhub)',
      cmd: 'node',
      args: [DBHUB, '--transport', 'stdio', '--dsn', url],
      shown: `node node_modules/@bytebase/dbhub/dist/index.js --transport stdio --dsn ${url}`,
    },
  ];
}

export function dbwardenHttp(url, port) {
  return {
    cmd: LAUNCHER,
    args: ['serve', '--http', '--port', String(port), '--db', url],
    shown: `./dbwarden serve --http --port ${port} --db ${url}`,
    endpoint: `http://127.0.0.1:${port}/mcp`,
    ready: /serving MCP at/,
  };
}

export function dbhubHttp(url, port) {
  // DBHub binds 0.0.0.0 unless told otherwise; the benchmark keeps every server on loopback.
  return {
    cmd: 'node',
    args: [DBHUB, '--transport', 'http', '--host', '127.0.0.1', '--port', String(port), '--dsn', url],
    shown: `node node_modules/@bytebase/dbhub/dist/index.js --transport http --host 127.0.0.1 --port ${port} --dsn ${url}`,
    endpoint: `http://127.0.0.1:${port}/mcp`,
    ready: /MCP server endpoint at/,
  };
}
