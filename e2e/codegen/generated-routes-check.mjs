#!/usr/bin/env node
// Runs dbwarden's generated route handlers for the demo database (compiled to CommonJS) against a
// stand-in PostgREST on a local port, and checks what they send and answer.
//
//   node generated-routes-check.mjs <compiled-project-dir>
//
// The directory holds src/app/api/... compiled by tsc. The stand-in records each request (path,
// query, headers) and answers with what the scenario asks. Prints "N passed, M failed" and the
// failures; exit 0 only when all passed.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '');
// supabase-js 2.1xx wants a native WebSocket for realtime, which Node.js has from 22 on. The routes never
// open one, so on Node.js 20 a stand-in that refuses to connect is enough.
globalThis.WebSocket ??= class WebSocket {
  constructor() {
    throw new Error('realtime is not used by the generated routes');
  }
};
const require = createRequire(join(root, 'index.js'));
let reply = { status: 200, body: [] };
const seen = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
process.env.NEXT_PUBLIC_SUPABASE_URL = `http://127.0.0.1:${server.address().port}`;
process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY = 'anon-key';
process.env.SUPABASE_SERVICE_ROLE_KEY = 'service-role-key';

const api = join(root, 'src/app/api');
const workOrders = require(join(api, 'work_orders/route.js'));
const workOrder = require(join(api, 'work_orders/[id]/route.js'));
const user = require(join(api, 'users/[id]/route.js'));

function request(path, init = {}) {
  const url = `http://localhost${path}`;
  return Object.assign(new Request(url, init), { nextUrl: new URL(url) });
}
const params = (id) => ({ params: Promise.resolve({ id }) });

let passed = 0;
const failures = [];
async function scenario(name, answer, call, expect) {
  reply = answer;
  seen.length = 0;
  try {
    const res = await call();
    const text = await res.text();
    const problem = expect(res.status, text ? JSON.parse(text) : null, seen, text);
    if (problem) failures.push(`${name}: ${problem} (status ${res.status}, body ${text.slice(0, 300)})`);
    else passed++;
  } catch (e) {
    failures.push(`${name}: threw ${e.stack}`);
  }
}
const auth = { headers: { authorization: 'Bearer user-jwt' } };

await scenario('list with an indexed filter and a page', { status: 200, body: [{ id: 1 }] },
  () => workOrders.GET(request('/api/work_orders?project_id=5&limit=10&offset=20', auth)),
  (status, body, reqs) => {
    if (status !== 200) return 'expected 200';
    if (body.limit !== 10 || body.offset !== 20 || body.data.length !== 1) return 'wrong page envelope';
    const u = new URL(reqs[0].url, 'http://x');
    if (u.pathname !== '/rest/v1/work_orders') return `wrong path ${u.pathname}`;
    if (u.searchParams.get('project_id') !== 'eq.5') return `filter not sent: ${u.search}`;
    if (u.searchParams.get('order') !== 'id.asc') return `not ordered by the key: ${u.search}`;
    if (u.searchParams.get('offset') !== '20' || u.searchParams.get('limit') !== '10') return `range not sent: ${u.search}`;
    if (reqs[0].headers.authorization !== 'Bearer user-jwt') return 'the caller\'s Authorization was not forwarded';
    if (reqs[0].headers.apikey !== 'anon-key') return 'not the anon key';
    if (JSON.stringify(reqs[0].headers).includes('service-role-key')) return 'the service-role key was sent';
  });
await scenario('without Authorization the anon key is the bearer', { status: 200, body: [] },
  () => workOrders.GET(request('/api/work_orders')),
  (status, body, reqs) => {
    if (status !== 200) return 'expected 200';
    if (reqs[0].headers.authorization !== 'Bearer anon-key') return `authorization ${reqs[0].headers.authorization}`;
    if (body.limit !== 50 || body.offset !== 0) return 'default page is not 50 from 0';
  });
await scenario('filter on a column without an index', { status: 200, body: [] },
  () => workOrders.GET(request('/api/work_orders?crew_id=5')),
  (status, _b, reqs) => (status !== 400 ? 'expected 400' : reqs.length ? 'the database was asked' : undefined));
await scenario('page size over the maximum', { status: 200, body: [] },
  () => workOrders.GET(request('/api/work_orders?limit=5000')),
  (status) => (status !== 400 ? 'expected 400' : undefined));
await scenario('indexed uuid filter with a value that is not a uuid', { status: 200, body: [] },
  () => workOrders.GET(request('/api/work_orders?created_by=nope')),
  (status) => (status !== 400 ? 'expected 400' : undefined));
await scenario('invalid insert', { status: 201, body: {} },
  () => workOrders.POST(request('/api/work_orders', { method: 'POST', body: JSON.stringify({ project_id: 1, status: 'done' }) })),
  (status, body, reqs) =>
    status !== 400 ? 'expected 400' : !Array.isArray(body.issues) || body.issues.length < 2 ? 'issues missing' : reqs.length ? 'sent anyway' : undefined);
await scenario('body that is not JSON', { status: 201, body: {} },
  () => workOrders.POST(request('/api/work_orders', { method: 'POST', body: '{' })),
  (status) => (status !== 400 ? 'expected 400' : undefined));
await scenario('valid insert', { status: 201, body: { id: 7, title: 'x' } },
  () => workOrders.POST(request('/api/work_orders', { method: 'POST', body: JSON.stringify({ project_id: 1, title: 'x' }) })),
  (status, body, reqs) => {
    if (status !== 201 || body.id !== 7) return 'expected 201 with the row';
    if (reqs[0].method !== 'POST' || JSON.parse(reqs[0].body).title !== 'x') return 'not inserted';
  });
const errors = [
  ['unique violation', 409, { code: '23505', message: 'duplicate key value violates unique constraint' }, 409],
  ['foreign key violation', 409, { code: '23503', message: 'violates foreign key constraint' }, 409],
  ['check violation', 400, { code: '23514', message: 'violates check constraint' }, 422],
  ['not null violation', 400, { code: '23502', message: 'null value' }, 422],
  ['row level security', 403, { code: '42501', message: 'new row violates row-level security policy' }, 403],
  ['anything else', 500, { code: 'XX000', message: 'secret internals at /srv/db' }, 500],
];
for (const [name, upstream, error, expected] of errors) {
  await scenario(`${name} → ${expected}`, { status: upstream, body: error },
    () => workOrders.POST(request('/api/work_orders', { method: 'POST', body: JSON.stringify({ project_id: 1, title: 'x' }) })),
    (status, _b, _r, text) =>
      status !== expected ? `expected ${expected}` : expected === 500 && text.includes('secret') ? 'leaked the message' : undefined);
}
await scenario('missing row → 404', { status: 406, body: { code: 'PGRST116', message: 'JSON object requested, multiple (or no) rows returned', details: 'The result contains 0 rows' } },
  () => workOrder.GET(request('/api/work_orders/9'), params('9')),
  (status, _b, reqs) => {
    if (status !== 404) return 'expected 404';
    if (new URL(reqs[0].url, 'http://x').searchParams.get('id') !== 'eq.9') return 'not filtered by id';
  });
await scenario('id that is not an integer', { status: 200, body: {} },
  () => workOrder.GET(request('/api/work_orders/abc'), params('abc')),
  (status, _b, reqs) => (status !== 400 ? 'expected 400' : reqs.length ? 'the database was asked' : undefined));
await scenario('uuid id', { status: 200, body: { id: '00000000-0000-4000-8000-000000000000' } },
  () => user.GET(request('/api/users/00000000-0000-4000-8000-000000000000'), params('00000000-0000-4000-8000-000000000000')),
  (status) => (status !== 200 ? 'expected 200' : undefined));
await scenario('bad uuid id', { status: 200, body: {} },
  () => user.GET(request('/api/users/nope'), params('nope')),
  (status) => (status !== 400 ? 'expected 400' : undefined));
await scenario('patch', { status: 200, body: { id: 3, title: 'y' } },
  () => workOrder.PATCH(request('/api/work_orders/3', { method: 'PATCH', body: JSON.stringify({ title: 'y' }) }), params('3')),
  (status, _b, reqs) => (status !== 200 ? 'expected 200' : reqs[0].method !== 'PATCH' ? 'not a PATCH' : undefined));
await scenario('patch of a generated column', { status: 200, body: {} },
  () => workOrder.PATCH(request('/api/work_orders/3', { method: 'PATCH', body: JSON.stringify({ total_cost: 1 }) }), params('3')),
  (status) => (status !== 400 ? 'expected 400' : undefined));
await scenario('empty patch', { status: 200, body: {} },
  () => workOrder.PATCH(request('/api/work_orders/3', { method: 'PATCH', body: '{}' }), params('3')),
  (status) => (status !== 400 ? 'expected 400' : undefined));
await scenario('delete', { status: 200, body: { id: 3 } },
  () => workOrder.DELETE(request('/api/work_orders/3', { method: 'DELETE' }), params('3')),
  (status, _b, reqs) => (status !== 200 ? 'expected 200' : reqs[0].method !== 'DELETE' ? 'not a DELETE' : undefined));

server.close();
process.stdout.write(`${failures.join('\n')}${failures.length ? '\n' : ''}${passed} passed, ${failures.length} failed\n`);
process.exit(failures.length ? 1 : 0);
