-- dbwarden demo database, part 3 of 3: read queries the field-ops app runs, replayed to fill
-- pg_stat_statements. Literals match rows made by data.sql (user 7 = Owen Garcia, crew 42, ...).
-- Queries marked slow lack a supporting index on purpose, for dbwarden to find and fix.

-- name: profile-by-id
select id, email, full_name, phone, is_active
from users
where id = '3e0469fb-1349-91f8-f75a-2760e409c6ed';

-- name: profile-by-email
select id, full_name, is_active
from users
where email = 'aisha.lewis@fieldops.example';

-- name: my-crews
select c.id, c.name, c.region, cm.role
from crew_members cm
join crews c on c.id = cm.crew_id
where cm.user_id = 'b5b73fae-0d87-d8b4-e257-3105f8fbe7bc'
  and cm.left_on is null;

-- name: crew-roster
select u.id, u.full_name, u.phone, cm.role, cm.joined_on
from crew_members cm
join users u on u.id = cm.user_id
where cm.crew_id = 42
  and cm.left_on is null
order by cm.role, u.full_name;

-- name: crew-work-orders
-- slow: missing index on work_orders(crew_id)
select id, title, status, priority, scheduled_for, due_on
from work_orders
where crew_id = 42
order by created_at desc
limit 50;

-- name: work-order-by-id
select *
from work_orders
where id = 17156;

-- name: work-order-detail
select wo.id, wo.title, wo.description, wo.status, wo.priority, wo.due_on, wo.total_cost,
       p.code as project_code, p.name as project_name,
       c.name as crew_name, u.full_name as created_by_name
from work_orders wo
join projects p on p.id = wo.project_id
left join crews c on c.id = wo.crew_id
left join users u on u.id = wo.created_by
where wo.id = 17156;

-- name: work-order-timeline
select a.created_at, a.action, a.payload, u.full_name
from activity_logs a
left join users u on u.id = a.user_id
where a.work_order_id = 17156
order by a.created_at;

-- name: work-order-photos
select payload ->> 'path' as path, created_at
from activity_logs
where work_order_id = 17156
  and action = 'work_order.photo_uploaded'
order by created_at;

-- name: work-order-equipment
select e.asset_tag, e.name, ea.assigned_at, ea.returned_at
from equipment_assignments ea
join equipment e on e.id = ea.equipment_id
where ea.work_order_id = 17156;

-- name: project-work-orders
select id, title, status, priority, due_on, total_cost
from work_orders
where project_id = 250
order by created_at desc
limit 50;

-- name: dispatch-board
select id, title, status, priority, due_on, is_overdue, project_code, crew_name
from open_work_orders
order by priority desc, due_on nulls last
limit 100;

-- name: overdue-by-crew
select crew_id, crew_name, count(*) as overdue
from open_work_orders
where is_overdue
group by crew_id, crew_name
order by overdue desc
limit 10;

-- name: status-breakdown
select status, priority, count(*) as orders
from work_orders
group by status, priority
order by status, priority;

-- name: user-activity
-- slow: missing index on activity_logs(user_id)
select id, action, work_order_id, payload, created_at
from activity_logs
where user_id = '3e0469fb-1349-91f8-f75a-2760e409c6ed'
order by created_at desc
limit 50;

-- name: recent-activity
-- slow: missing index on activity_logs(created_at)
select a.id, a.action, a.work_order_id, a.created_at, u.full_name
from activity_logs a
left join users u on u.id = a.user_id
where a.created_at > now() - interval '1 day'
order by a.created_at desc
limit 100;

-- name: equipment-history
-- slow: missing index on equipment_assignments(equipment_id)
select ea.assigned_at, ea.returned_at, ea.notes, ea.work_order_id, c.name as crew_name
from equipment_assignments ea
join crews c on c.id = ea.crew_id
where ea.equipment_id = 321
order by ea.assigned_at desc;

-- name: equipment-by-asset-tag
select id, asset_tag, name, category, status, tags, last_serviced_on
from equipment
where asset_tag = 'EXC-00320';

-- name: available-equipment-by-tag
select id, asset_tag, name, category, last_serviced_on
from equipment
where status = 'available'
  and tags @> array['hydraulic']
order by last_serviced_on nulls first
limit 50;

-- name: checked-out-equipment
select e.asset_tag, e.name, c.name as crew_name, ea.assigned_at, now() - ea.assigned_at as out_for
from equipment_assignments ea
join equipment e on e.id = ea.equipment_id
join crews c on c.id = ea.crew_id
where ea.returned_at is null
order by ea.assigned_at;

-- name: project-budget-burn
select p.code, p.name, p.budget, sum(wo.total_cost) as spent,
       round(100 * sum(wo.total_cost) / nullif(p.budget, 0), 1) as pct_used
from projects p
join work_orders wo on wo.project_id = p.id
where not p.is_archived
group by p.id
order by pct_used desc
limit 20;

-- name: active-projects
select id, code, name, client_name, starts_on, ends_on
from projects
where not is_archived
  and starts_on <= current_date
order by ends_on nulls last;

-- name: completed-per-day
select date_trunc('day', completed_at) as day, count(*) as completed, sum(total_cost) as cost
from work_orders
where completed_at >= now() - interval '30 days'
group by 1
order by 1;
