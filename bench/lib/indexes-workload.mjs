// The index benchmark's database and workload: a multi-tenant task tracker with a seeded data generator, ~20 weighted
// statements written as pg_stat_statements shows them ($n parameters), the indexes known to be good for them, and the
// traps an advisor should avoid (a tiny table, a duplicate index, a hot-updated column, a skewed status column).

/** Rows per table at scale 1. BENCH_INDEXES_SCALE shrinks or grows the big tables (the tiny ones stay tiny). */
export function sizes(scale = 1) {
  const s = (n) => Math.max(1000, Math.round(n * scale));
  return { tenants: 2000, flags: 300, users: s(200_000), projects: s(20_000), tasks: s(1_000_000), events: s(1_500_000), comments: s(300_000) };
}

// All timestamps hang off a fixed anchor so that the data and the parameters never depend on the clock.
export const ANCHOR = '2026-01-01T00:00:00Z';
const ANCHOR_MS = Date.parse(ANCHOR);
const DAY = 86_400_000;

/** One script: deterministic (setseed, no parallel workers), FKs added after the load, then VACUUM ANALYZE. */
export function schemaSql(n) {
  return `
set max_parallel_workers_per_gather = 0;
set maintenance_work_mem = '256MB';
select setseed(0.42);
create extension if not exists hypopg;
create extension if not exists pg_stat_statements;

create table tenants (id int primary key, slug text not null unique, name text not null, plan text not null, created_at timestamptz not null);
insert into tenants select i, 'tenant-' || i, 'Tenant ' || i, (array['free','pro','team','enterprise'])[1 + i % 4],
  timestamptz '${ANCHOR}' - (i || ' hours')::interval from generate_series(1, ${n.tenants}) i;

-- the tiny table: queried on every request, a sequential scan of a few pages is the best plan there is
create table feature_flags (id int primary key, key text not null, enabled boolean not null, rollout int not null);
insert into feature_flags select i, 'flag_' || i, i % 3 <> 0, i % 101 from generate_series(1, ${n.flags}) i;

create table users (id int primary key, tenant_id int not null, email text not null, name text not null,
  created_at timestamptz not null, deleted_at timestamptz, last_seen_at timestamptz);
insert into users select i, 1 + (i * 7919) % ${n.tenants}, 'User' || i || '@Example.com', 'User ' || i, c,
  case when random() < 0.05 then c + interval '30 days' end, c + random() * interval '300 days'
from (select i, timestamptz '${ANCHOR}' - random() * interval '730 days' c from generate_series(1, ${n.users}) i) s;

create table projects (id int primary key, tenant_id int not null, owner_id int not null, name text not null, archived boolean not null);
insert into projects select i, 1 + i % ${n.tenants}, 1 + floor(random() * ${n.users})::int, 'Project ' || lpad(((i * 37) % 100000)::text, 5, '0'), i % 10 = 0
from generate_series(1, ${n.projects}) i;

-- status is skewed: 95% done, 3% open, 2% in_progress. updated_at and view_count are hot-updated, so the table keeps
-- room on its pages for HOT updates (fillfactor 90), as a tuned hot table would.
create table tasks (id int primary key, tenant_id int not null, project_id int not null, assignee_id int not null,
  status text not null, priority int not null, title text not null, created_at timestamptz not null,
  due_at timestamptz not null, updated_at timestamptz not null, view_count int not null default 0) with (fillfactor = 90);
insert into tasks select i, 1 + p % ${n.tenants}, p, 1 + floor(random() * ${n.users})::int,
  case when r < 0.95 then 'done' when r < 0.98 then 'open' else 'in_progress' end, 1 + floor(random() * 5)::int,
  'Task ' || i, c, c + random() * interval '60 days', c + random() * interval '30 days', floor(random() * 50)::int
from (select i, 1 + floor(random() * ${n.projects})::int p, random() r, timestamptz '${ANCHOR}' - random() * interval '730 days' c
      from generate_series(1, ${n.tasks}) i) s;

create table events (id bigint generated always as identity primary key, tenant_id int not null, user_id int not null,
  task_id int not null, kind text not null, created_at timestamptz not null, payload text not null);
insert into events (tenant_id, user_id, task_id, kind, created_at, payload)
select 1 + t % ${n.tenants}, 1 + floor(random() * ${n.users})::int, t,
  (array['created','assigned','commented','status','viewed','edited','moved','closed'])[1 + floor(random() * 8)::int],
  timestamptz '${ANCHOR}' - random() * interval '730 days', md5(i::text)
from (select i, 1 + floor(random() * ${n.tasks})::int t from generate_series(1, ${n.events}) i) s;

create table comments (id int generated always as identity primary key, task_id int not null, user_id int not null,
  body text not null, created_at timestamptz not null);
insert into comments (task_id, user_id, body, created_at)
select 1 + floor(random() * ${n.tasks})::int, 1 + floor(random() * ${n.users})::int, 'Comment ' || i || ' ' || md5(i::text),
  timestamptz '${ANCHOR}' - random() * interval '730 days' from generate_series(1, ${n.comments}) i;

-- foreign keys (none of the referencing columns below has an index, except tasks.tenant_id)
alter table users add foreign key (tenant_id) references tenants;
alter table projects add foreign key (tenant_id) references tenants;
alter table tasks add foreign key (project_id) references projects;
alter table tasks add foreign key (assignee_id) references users;
alter table comments add foreign key (task_id) references tasks;
alter table comments add foreign key (user_id) references users;

-- the starting indexes (I0) besides the keys: one useful, and one useful index present twice (the duplicate trap)
create index tasks_tenant_id_idx on tasks (tenant_id);
create index events_tenant_created_idx on events (tenant_id, created_at);
create index events_tenant_created_idx1 on events (tenant_id, created_at);
vacuum analyze;
`;
}

// ---- parameters ------------------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so every advisor and every configuration sees the same parameter stream. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, n) => 1 + Math.floor(r() * n);
const iso = (msec) => new Date(msec).toISOString();
const daysAgo = (r, max) => ANCHOR_MS - r() * max * DAY;

/**
 * The workload: name, SQL exactly as the application sends it, weight (calls per capture window), a parameter drawer
 * over the data's own distribution, and the note on what a good advisor does with it. `known` is the hand-written
 * good index for it (none when the existing indexes already serve it or no index should be built).
 */
export function workload(n) {
  return [
    { name: 'project-due', weight: 120, kind: 'multi-column equality + range + sort',
      sql: 'select id, title, priority, due_at from tasks where project_id = $1 and due_at >= $2 and due_at < $3 order by due_at',
      params: (r) => { const d = daysAgo(r, 700); return [pick(r, n.projects), iso(d), iso(d + 60 * DAY)]; },
      known: ['create index on tasks (project_id, due_at)'] },
    { name: 'open-queue', weight: 150, kind: 'skewed column: only the rare statuses are asked for',
      sql: 'select id, title, tenant_id, created_at from tasks where status = $1 and priority = $2 order by created_at limit $3',
      params: (r) => [r() < 0.8 ? 'open' : 'in_progress', pick(r, 5), 50],
      known: ['create index on tasks (status, priority, created_at)'] },
    { name: 'project-status-count', weight: 60, kind: 'skewed column, common value',
      sql: 'select count(*) from tasks where project_id = $1 and status = $2',
      params: (r) => [pick(r, n.projects), r() < 0.7 ? 'done' : 'open'],
      known: [] /* served by project-due's (project_id, due_at) */ },
    { name: 'user-by-email', weight: 300, kind: 'expression (lower(email))',
      sql: 'select id, tenant_id, name from users where lower(email) = lower($1)',
      params: (r) => [`user${pick(r, n.users)}@example.com`],
      known: ['create index on users (lower(email))'] },
    { name: 'tenant-active-users', weight: 200, kind: 'partial (deleted_at is null) + LIMIT/ORDER BY',
      sql: 'select id, name, email, created_at from users where tenant_id = $1 and deleted_at is null order by created_at desc limit $2',
      params: (r) => [pick(r, n.tenants), 20],
      known: ['create index on users (tenant_id, created_at) where deleted_at is null'] },
    { name: 'task-comments', weight: 300, kind: 'unindexed foreign key (comments.task_id) + join',
      sql: 'select c.id, c.body, c.created_at, u.name from comments c join users u on u.id = c.user_id where c.task_id = $1 order by c.created_at',
      params: (r) => [pick(r, n.tasks)],
      known: ['create index on comments (task_id, created_at)'] },
    { name: 'project-comment-counts', weight: 40, kind: 'join along the unindexed foreign key',
      sql: 'select t.id, t.title, count(c.id) as comments from tasks t left join comments c on c.task_id = t.id where t.project_id = $1 group by t.id, t.title',
      params: (r) => [pick(r, n.projects)],
      known: [] /* (project_id, due_at) and comments (task_id, created_at) from above */ },
    { name: 'user-event-kinds', weight: 120, kind: 'index-only scan (INCLUDE)',
      sql: 'select kind, count(*) from events where user_id = $1 and created_at >= $2 group by kind',
      params: (r) => [pick(r, n.users), iso(daysAgo(r, 365))],
      known: ['create index on events (user_id, created_at) include (kind)'] },
    { name: 'task-events', weight: 150, kind: 'LIMIT + ORDER BY',
      sql: 'select id, kind, user_id, created_at from events where task_id = $1 order by created_at desc limit $2',
      params: (r) => [pick(r, n.tasks), 10],
      known: ['create index on events (task_id, created_at)'] },
    { name: 'tenant-events', weight: 200, kind: 'already served (by two identical indexes)',
      sql: 'select id, kind, user_id, created_at from events where tenant_id = $1 order by created_at desc limit $2',
      params: (r) => [pick(r, n.tenants), 50], known: [] },
    { name: 'flag-by-key', weight: 3000, kind: 'tiny table, hot',
      sql: 'select key, enabled, rollout from feature_flags where key = $1',
      params: (r) => [`flag_${pick(r, n.flags)}`], known: [] },
    { name: 'flags-enabled', weight: 500, kind: 'tiny table',
      sql: 'select key, rollout from feature_flags where enabled and rollout >= $1',
      params: (r) => [Math.floor(r() * 100)], known: [] },
    { name: 'tenant-by-slug', weight: 1000, kind: 'already served (unique)',
      sql: 'select id, name, plan from tenants where slug = $1',
      params: (r) => [`tenant-${pick(r, n.tenants)}`], known: [] },
    { name: 'tenant-projects', weight: 200, kind: 'partial (not archived) + sort',
      sql: 'select id, name from projects where tenant_id = $1 and not archived order by name',
      params: (r) => [pick(r, n.tenants)],
      known: ['create index on projects (tenant_id, name) where not archived'] },
    { name: 'tenant-recent-updates', weight: 100, kind: 'hot-updated column in the filter (trap)',
      sql: 'select id, title, status, updated_at from tasks where tenant_id = $1 and updated_at >= $2 order by updated_at desc limit $3',
      params: (r) => [pick(r, n.tenants), iso(daysAgo(r, 90)), 20], known: [] /* tasks_tenant_id_idx serves it */ },
    { name: 'assignee-tasks', weight: 150, kind: 'unindexed foreign key (tasks.assignee_id) + join',
      sql: 'select t.id, t.title, t.due_at, p.name from tasks t join projects p on p.id = t.project_id where t.assignee_id = $1 and t.status <> $2 order by t.due_at',
      params: (r) => [pick(r, n.users), 'done'],
      known: ['create index on tasks (assignee_id)'] },
    { name: 'user-by-id', weight: 2000, kind: 'primary key',
      sql: 'select id, name, email from users where id = $1', params: (r) => [pick(r, n.users)], known: [] },
    { name: 'touch-task', weight: 3000, kind: 'write: hot update of updated_at and a counter', write: true,
      sql: 'update tasks set view_count = view_count + $2, updated_at = now() where id = $1',
      params: (r) => [pick(r, n.tasks), 1], known: [] },
    { name: 'set-status', weight: 100, kind: 'write', write: true,
      sql: 'update tasks set status = $1, updated_at = now() where id = $2',
      params: (r) => [r() < 0.5 ? 'done' : 'in_progress', pick(r, n.tasks)], known: [] },
    { name: 'log-event', weight: 1000, kind: 'write', write: true,
      sql: 'insert into events (tenant_id, user_id, task_id, kind, created_at, payload) values ($1, $2, $3, $4, $5, $6)',
      params: (r) => [pick(r, n.tenants), pick(r, n.users), pick(r, n.tasks), 'viewed', iso(ANCHOR_MS + r() * DAY), 'x'], known: [] },
    { name: 'add-comment', weight: 100, kind: 'write', write: true,
      sql: 'insert into comments (task_id, user_id, body, created_at) values ($1, $2, $3, $4)',
      params: (r) => [pick(r, n.tasks), pick(r, n.users), 'hello', iso(ANCHOR_MS + r() * DAY)], known: [] },
  ];
}

// ---- traps -------------------------------------------------------------------------------------------------------

export const TINY_TABLES = ['feature_flags'];
/** Columns the workload updates thousands of times: an index touching them turns those updates non-HOT. */
export const HOT_COLUMNS = { tasks: ['updated_at', 'view_count'] };
export const DUPLICATE = { table: 'events', index: 'events_tenant_created_idx1', of: 'events_tenant_created_idx' };
export const HOT_STATEMENT = 'touch-task';
