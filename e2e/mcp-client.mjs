// End-to-end check of dbwarden's demo with the official TypeScript MCP SDK client, over stdio or Streamable HTTP.
// Run by TypeScriptClientTest; prints one TAP-like line per check and a closing "N passed, M failed" line.
// Usage: node e2e/mcp-client.mjs stdio <command> [args...]  |  node e2e/mcp-client.mjs http <url>

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const OVERALL_TIMEOUT_MS = 120_000;
// The stdio demo answers initialize only after embedded PostgreSQL is up and the sample data is loaded.
const CONNECT_TIMEOUT_MS = 110_000;
const CALL_TIMEOUT_MS = 60_000;
// How long a stdio server gets to stop (and stop its embedded PostgreSQL) after stdin closes, before SIGTERM.
const STDIO_EXIT_GRACE_MS = 20_000;
const EXPECTED_TOOLS = ['describe_object', 'execute_sql', 'explain_query', 'list_objects', 'migration_validator', 'query_analyzer', 'schema_monitor', 'type_generator'];

let passed = 0;
let failed = 0;
let finished = false;

function report(ok, what, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed++;
    console.log(`not ok - ${what}: ${oneLine(detail)}`);
  }
}

function summary() {
  finished = true;
  console.log(`${passed} passed, ${failed} failed`);
}

// Failure details end up in a JUnit message; one bounded line keeps the per-check output readable.
function oneLine(value, max = 600) {
  let s = value instanceof Error ? `${value.name}: ${value.message}` : typeof value === 'string' ? value : JSON.stringify(value);
  // fetch() hides the useful part (ECONNREFUSED, a reset) in the cause.
  if (value instanceof Error && value.cause) s += ` (cause: ${value.cause.message ?? value.cause})`;
  s = String(s).replace(/\s+/g, ' ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function textOf(result) {
  return (result?.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

async function check(what, fn) {
  try {
    const problem = await fn();
    report(problem == null, what, problem);
  } catch (e) {
    report(false, what, e);
  }
}

function usage() {
  console.error('usage: node mcp-client.mjs stdio <command> [args...]\n       node mcp-client.mjs http <url>');
  process.exit(2);
}

const [mode, ...rest] = process.argv.slice(2);
let transport;
if (mode === 'stdio' && rest.length >= 1) {
  // The SDK's default child environment is a small allow-list; the JVM may need more (JAVA_HOME, TMPDIR, locale).
  // stderr is inherited so the server's progress and errors land in whatever captures ours.
  transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1), env: { ...process.env }, stderr: 'inherit' });
} else if (mode === 'http' && rest.length === 1) {
  transport = new StreamableHTTPClientTransport(new URL(rest[0]));
} else {
  usage();
}

const client = new Client({ name: 'dbwarden-e2e', version: '0.0.0' });
// The SDK forgets the child's pid when it starts closing (as it does by itself when initialize fails), so it is
// kept here to make sure the server, and with it the demo's PostgreSQL, is gone before we exit.
let childPid = null;

const overall = setTimeout(() => {
  report(false, `finished within ${OVERALL_TIMEOUT_MS / 1000} s`, 'overall timeout hit; giving up');
  summary();
  // A stdio server left behind would hold its embedded PostgreSQL; SIGTERM lets its shutdown hook stop it.
  if (childPid) {
    try { process.kill(childPid, 'SIGTERM'); } catch { /* already gone */ }
  }
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

async function call(name, args) {
  return client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS });
}

async function run() {
  const t0 = Date.now();
  try {
    const connecting = client.connect(transport, { timeout: CONNECT_TIMEOUT_MS });
    // connect() spawns the child synchronously before its first await.
    if (transport instanceof StdioClientTransport) childPid = transport.pid;
    await connecting;
    report(true, `initialize over ${mode} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    report(false, `initialize over ${mode}`, e);
    return;
  }

  await check('serverInfo name is "dbwarden"', () => {
    const info = client.getServerVersion();
    return info?.name === 'dbwarden' ? null : `serverInfo was ${JSON.stringify(info)}`;
  });

  await check(`tools/list returns exactly ${EXPECTED_TOOLS.join(', ')}`, async () => {
    const { tools } = await client.listTools(undefined, { timeout: CALL_TIMEOUT_MS });
    const names = tools.map((t) => t.name).sort();
    return JSON.stringify(names) === JSON.stringify(EXPECTED_TOOLS) ? null : `got ${JSON.stringify(names)}`;
  });

  await check('list_objects {kind:["table"]} lists public.work_orders', async () => {
    const r = await call('list_objects', { kind: ['table'] });
    const t = textOf(r);
    return !r.isError && t.includes('public.work_orders') ? null : `isError=${r.isError} text=${t}`;
  });

  await check('describe_object {name:"work_orders"} mentions crew_id', async () => {
    const r = await call('describe_object', { name: 'work_orders' });
    const t = textOf(r);
    return !r.isError && t.includes('crew_id') ? null : `isError=${r.isError} text=${t}`;
  });

  await check('execute_sql counts 18000 work_orders', async () => {
    const r = await call('execute_sql', { sql: 'select count(*) as n from work_orders' });
    const t = textOf(r);
    return !r.isError && t.includes('"rows":[[18000]]') ? null : `isError=${r.isError} text=${t}`;
  });

  await check('execute_sql refuses "drop table work_orders"', async () => {
    const r = await call('execute_sql', { sql: 'drop table work_orders' });
    return r.isError === true ? null : `expected isError=true, got isError=${r.isError} text=${textOf(r)}`;
  });

  await check('explain_query with analyze shows a Seq Scan', async () => {
    const r = await call('explain_query', { sql: 'select * from work_orders where crew_id = 42', analyze: true });
    const t = textOf(r);
    return !r.isError && t.includes('Seq Scan') ? null : `isError=${r.isError} text=${t}`;
  });

  await check('schema_monitor {tables:["work_orders"]} checks the schema', async () => {
    const r = await call('schema_monitor', { tables: ['work_orders'], alert_on_changes: true });
    const t = textOf(r);
    return !r.isError && t.includes('"capture"') && t.includes('expected_schema') ? null : `isError=${r.isError} text=${t}`;
  });

  await check('describe_object {name:"no_such_table"} is an error', async () => {
    const r = await call('describe_object', { name: 'no_such_table' });
    return r.isError === true ? null : `expected isError=true, got isError=${r.isError} text=${textOf(r)}`;
  });

  // Servers may reject bad arguments either as a tool result with isError or as a JSON-RPC error; both are fine,
  // what matters is that the session survives it.
  await check('execute_sql {sql: 42} (wrong type) is an error', async () => {
    try {
      const r = await call('execute_sql', { sql: 42 });
      return r.isError === true ? null : `expected an error, got isError=${r.isError} text=${textOf(r)}`;
    } catch (e) {
      return e?.code !== undefined ? null : `unexpected exception ${oneLine(e)}`;
    }
  });

  await check('the session still works after the bad call', async () => {
    const r = await call('execute_sql', { sql: 'select 1 as n' });
    const t = textOf(r);
    return !r.isError && t.includes('"rows":[[1]]') ? null : `isError=${r.isError} text=${t}`;
  });

  await check('resources/read dbwarden://schema mentions public.crews', async () => {
    const r = await client.readResource({ uri: 'dbwarden://schema' }, { timeout: CALL_TIMEOUT_MS });
    const t = (r.contents ?? []).map((c) => c.text ?? '').join('\n');
    return t.includes('public.crews') ? null : `contents=${t || JSON.stringify(r)}`;
  });

  await check('ping', async () => {
    await client.ping({ timeout: CALL_TIMEOUT_MS });
    return null;
  });
}

// The MCP stdio shutdown is: close the server's stdin, wait for it to exit, then SIGTERM. The SDK waits only 2 s
// at each step before escalating to SIGKILL, which would orphan the demo's embedded PostgreSQL, so we give the
// JVM its time here and let client.close() find nothing left to kill.
async function closeStdioGently() {
  const pid = childPid ?? transport.pid;
  const child = transport._process; // no public handle on the child's stdin in SDK 1.x; gone once the SDK closes
  if (!pid) return;
  const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  const waitGone = async (ms) => {
    const until = Date.now() + ms;
    while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    return !alive();
  };
  try { child?.stdin?.end(); } catch { /* already closed */ }
  if (await waitGone(STDIO_EXIT_GRACE_MS)) return;
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  await waitGone(STDIO_EXIT_GRACE_MS);
}

async function shutdown() {
  try {
    if (transport instanceof StreamableHTTPClientTransport && transport.sessionId) await transport.terminateSession();
  } catch {
    // Servers may answer DELETE with 405; ending the session is a courtesy, not a check.
  }
  if (transport instanceof StdioClientTransport) await closeStdioGently();
  await client.close();
}

try {
  await run();
} catch (e) {
  report(false, 'client run', e);
}
try {
  await shutdown();
} catch (e) {
  report(false, 'close the client', e);
}
clearTimeout(overall);
if (!finished) summary();
process.exit(failed === 0 ? 0 : 1);
