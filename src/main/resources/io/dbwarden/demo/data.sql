-- dbwarden demo database, part 2 of 3: about 97,000 rows of sample data for schema.sql.
-- Every value is derived from generate_series counters (arithmetic and md5), so two loads
-- give identical rows. Only timestamps move, since they are placed relative to now().

-- One transaction: now() is then the same instant in every statement, which keeps the
-- timelines of work orders, checkouts and activity consistent with each other.
begin;

-- 40 first names x 50 last names = 2,000 distinct people, so emails need no number suffix.
-- User n gets the md5 of the text userN as its uuid, which workload.sql relies on.
insert into users (id, email, full_name, phone, is_active, created_at, updated_at)
select md5('user' || i)::uuid,
       lower(first_name || '.' || last_name) || '@fieldops.example',
       first_name || ' ' || last_name,
       '+1-555-' || lpad(((i * 7919) % 10000)::text, 4, '0'),
       i <= 100 or i % 23 <> 0,
       created_at,
       least(now(), created_at + ((i * 7) % 300) * interval '1 day')
from (
    select i,
           (array['Ava','Liam','Maya','Noah','Zoe','Ethan','Lena','Owen','Ruby','Caleb',
                  'Nora','Mateo','Iris','Jonah','Elena','Felix','Hana','Diego','Clara','Amir',
                  'Grace','Tomas','Priya','Marcus','Sofia','Kenji','Leah','Omar','Julia','Ravi',
                  'Chloe','Andre','Mila','Victor','Aisha','Hugo','Tessa','Nikhil','Erin','Samuel'])[1 + i % 40] as first_name,
           (array['Garcia','Nguyen','Smith','Patel','Johnson','Kim','Martinez','Brown','Chen','Lopez',
                  'Davis','Singh','Wilson','Moreno','Taylor','Ali','Anderson','Rossi','Thomas','Sato',
                  'Jackson','Silva','White','Novak','Harris','Costa','Martin','Khan','Clark','Muller',
                  'Lewis','Reyes','Walker','Cohen','Hall','Dubois','Young','Ivanova','King','Okafor',
                  'Wright','Haddad','Scott','Larsen','Green','Mendes','Baker','Park','Adams','Fischer'])[1 + (i / 40) % 50] as last_name,
           now() - interval '900 days' + i * interval '6 hours' as created_at
    from generate_series(1, 2000) as i
) as u;

-- 10 regions x 5 trades x 2 = 100 crews. Crew n is led by user n.
insert into crews (id, name, region, lead_user_id, is_active, created_at, updated_at)
select i,
       region || ' ' || trade || ' ' || chr(65 + (i - 1) / 50),
       region,
       md5('user' || i)::uuid,
       true,
       now() - interval '900 days' + i * interval '1 day',
       now() - interval '900 days' + i * interval '1 day'
from (
    select i,
           (array['North','South','East','West','Central','Harbor','Valley','Ridge','Lakeside','Airport'])[1 + (i - 1) % 10] as region,
           (array['Water','Electrical','Paving','Fiber','Signals'])[1 + ((i - 1) / 10) % 5] as trade
    from generate_series(1, 100) as i
) as c;

-- Everyone is on crew ((n - 1) % 100) + 1, so 20 per crew and users 1-100 are the leads.
-- Every tenth user also helps out on a second crew (never their first: 7n and n-1 differ mod 100).
insert into crew_members (crew_id, user_id, role, joined_on, left_on)
select crew_id, md5('user' || i)::uuid, role::crew_role, joined_on,
       case when i > 100 and (i % 23 = 0 or i % 37 = 0) then joined_on + 200 end
from (
    select i,
           (i - 1) % 100 + 1 as crew_id,
           case when i <= 100 then 'lead'
                when i % 5 = 0 then 'apprentice'
                when i % 7 = 0 then 'driver'
                else 'technician' end as role,
           current_date - 900 + i / 4 + i % 30 as joined_on
    from generate_series(1, 2000) as i
    union all
    select i,
           (i * 7) % 100 + 1,
           'technician',
           current_date - 400 + i % 90
    from generate_series(10, 2000, 10) as i
) as m;

-- Project n starts 450 - 1.4n days ago, so projects open steadily over the year and a
-- bit. Work orders below only go to projects that have already started.
insert into projects (id, code, name, client_name, site_address, starts_on, ends_on, budget,
                      owner_id, is_archived, created_at, updated_at)
select i,
       'PRJ-' || lpad(i::text, 4, '0'),
       street || ' ' || scope || ' phase ' || (1 + i / 96),
       (array['City of Springfield','Riverside County Public Works','Metro Water District',
              'Northgate Energy','Harbor Port Authority','Lakeshore School District',
              'Summit Telecom','Valley Transit Authority','Eastside Housing Trust'])[1 + (i * 7) % 9],
       (100 + (i * 37) % 9800) || ' ' || street || ', Springfield',
       starts_on,
       ends_on,
       round(50000 + (i * 7919) % 900000 + (i % 100) / 100.0, 2),
       md5('user' || (1 + (i * 13) % 100))::uuid,
       ends_on < current_date - 30,
       starts_on - interval '21 days',
       starts_on - interval '21 days'
from (
    select i,
           (array['Main St','Oak Ave','Harbor Rd','Mill Creek','Riverside Dr','Elm St',
                  'Airport Blvd','Sunset Ave','Cedar Ln','Industrial Pkwy','Lakeview Dr','Station Sq'])[1 + i % 12] as street,
           (array['water main replacement','substation upgrade','fiber backbone','storm drain rehab',
                  'street resurfacing','traffic signal retrofit','sewer lateral program',
                  'streetlight LED conversion'])[1 + (i / 12) % 8] as scope,
           current_date - 450 + (i * 7) / 5 as starts_on,
           current_date - 450 + (i * 7) / 5 + 120 + (i * 37) % 240 as ends_on
    from generate_series(1, 300) as i
) as p;

-- 18,000 work orders, one every 29 minutes over the last ~362 days. Old ones are mostly
-- closed, recent ones mostly open, as on a real dispatch board. The bytes of md5(work_order:n)
-- stand in for dice, one byte per attribute, so attributes do not correlate with each other.
insert into work_orders (id, project_id, crew_id, created_by, title, description, status, priority,
                         scheduled_for, due_on, completed_at, labor_cost, material_cost,
                         created_at, updated_at)
select i,
       project_id,
       case when status = 'open' and get_byte(h, 2) % 3 = 0 then null  -- not dispatched yet
            else 1 + (i * 37) % 100 end,
       md5('user' || (1 + (i * 13) % 100))::uuid,
       (array['Replace gate valve','Repair water main break','Inspect backflow preventer',
              'Install fiber splice enclosure','Replace streetlight fixture','Patch pothole cluster',
              'Clear storm drain inlet','Test transformer oil','Relocate hydrant',
              'Repair sidewalk trip hazard','Replace meter','Trench for conduit',
              'Restore lawn after excavation','Service traffic signal cabinet',
              'Locate and mark utilities','Flush sewer line'])[1 + get_byte(h, 3) % 16]
           || ' at ' || (100 + (i * 37) % 9800) || ' '
           || (array['Main St','Oak Ave','Harbor Rd','Mill Creek','Riverside Dr','Elm St',
                     'Airport Blvd','Sunset Ave','Cedar Ln','Industrial Pkwy','Lakeview Dr','Station Sq'])[1 + get_byte(h, 4) % 12],
       case get_byte(h, 5) % 5
           when 0 then null
           when 1 then 'Resident reported the issue through the 311 portal.'
           when 2 then 'Follow-up from last inspection. Bring locate paint and cones.'
           when 3 then 'Traffic control required, coordinate with the city before starting.'
           else 'Scheduled maintenance per the client service agreement.' end,
       status,
       case when get_byte(h, 1) % 20 = 0 then 'urgent'
            when get_byte(h, 1) % 20 < 4 then 'high'
            when get_byte(h, 1) % 20 < 15 then 'normal'
            else 'low' end::work_order_priority,
       scheduled_for,
       scheduled_for + 1 + get_byte(h, 6) % 14,
       completed_at,
       case when status in ('open', 'scheduled') then 0
            else round(120 + (get_byte(h, 7) * 256 + get_byte(h, 8)) / 20.0, 2) end,
       case when status in ('open', 'scheduled', 'cancelled') then 0
            else round((get_byte(h, 9) * 256 + get_byte(h, 10)) / 8.0, 2) end,
       created_at,
       coalesce(completed_at, least(now(), created_at + (get_byte(h, 11) % 72) * interval '1 hour'))
from (
    select w.*,
           case when status = 'completed'
                then least(now(), created_at + (2 + get_byte(h, 12) % 240) * interval '1 hour') end as completed_at
    from (
        select i, h, created_at, scheduled_for,
               -- project among the (up to) 80 most recently started ones at creation time
               pmax - (get_byte(h, 13) * 256 + get_byte(h, 14)) % least(80, pmax) as project_id,
               case
                   when age_days > 21 then
                       case when roll < 88 then 'completed' when roll < 96 then 'cancelled'
                            when roll < 99 then 'on_hold' else 'open' end
                   when age_days > 7 then
                       case when roll < 55 then 'completed' when roll < 62 then 'cancelled'
                            when roll < 72 then 'in_progress' when roll < 82 then 'scheduled'
                            when roll < 90 then 'on_hold' else 'open' end
                   else
                       case when roll < 10 then 'completed' when roll < 14 then 'cancelled'
                            when roll < 40 then 'in_progress' when roll < 70 then 'scheduled'
                            when roll < 75 then 'on_hold' else 'open' end
               end::work_order_status as status
        from (
            select i, h, created_at,
                   (created_at + (get_byte(h, 15) % 10) * interval '1 day')::date as scheduled_for,
                   get_byte(h, 0) * 100 / 256 as roll,
                   (18001 - i) * 29 / 1440.0 as age_days,
                   least(300, floor((450 - (18001 - i) * 29 / 1440.0) * 5 / 7)::int) as pmax
            from (
                select i,
                       decode(md5('work_order:' || i), 'hex') as h,
                       now() - (18001 - i) * interval '29 minutes' as created_at
                from generate_series(1, 18000) as i
            ) as g
        ) as a
    ) as w
) as wo;

insert into equipment (id, asset_tag, name, category, status, tags, purchase_date, purchase_cost,
                       last_serviced_on, created_at, updated_at)
select i,
       (array['EXC','SKD','GEN','CMP','TRN','PMP','LTW','WLD','TRK','SAW'])[c + 1] || '-' || lpad(i::text, 5, '0'),
       (array['Caterpillar 308 CR','Bobcat S650','Honda EU7000is','Atlas Copco XAS 185',
              'Ditch Witch RT45','Godwin CD150M','Generac MLT6SMD','Lincoln Ranger 330MPX',
              'Ford F-550','Husqvarna FS 7000'])[c + 1],
       (array['excavator','skid steer','generator','air compressor','trencher',
              'dewatering pump','light tower','welder','service truck','concrete saw'])[c + 1],
       case when i % 40 = 0 then 'retired'
            when i % 17 = 0 then 'maintenance'
            else 'available' end::equipment_status,
       array_remove(array[
           (array['diesel','diesel','gasoline','diesel','diesel','diesel','diesel','gasoline','diesel','gasoline'])[c + 1],
           case when c in (0, 1, 4) then 'hydraulic' end,
           case when c in (2, 3, 5, 6) then 'tow-behind' end,
           case when c in (0, 8) then 'cdl-required' end,
           case when i % 3 = 0 then 'gps-tracked' end,
           case when i % 11 = 0 then 'rental' end
       ], null),
       purchase_date,
       round((array[185000, 72000, 4800, 21000, 58000, 34000, 12000, 6500, 68000, 2900])[c + 1]
             * (0.85 + (i % 31) / 100.0), 2),
       case when i % 40 <> 0 then current_date - (i * 13) % 180 end,
       purchase_date + interval '9 hours',
       purchase_date + interval '9 hours'
from (
    select i, i % 10 as c, current_date - (200 + (i * 37) % 2400) as purchase_date
    from generate_series(1, 1500) as i
) as e;

-- 8,000 checkouts, each tied to a work order and the crew that had it. Returns happen
-- 4-143 hours later, so only checkouts from the last few days are still out.
insert into equipment_assignments (id, equipment_id, crew_id, work_order_id, assigned_at, returned_at, notes)
select j,
       equipment_id,
       coalesce(wo.crew_id, 1 + j % 100),
       wo.id,
       assigned_at,
       case when due_back <= now() then due_back
            -- assets now retired or in the shop were brought back early
            when equipment_id % 40 = 0 or equipment_id % 17 = 0 then now() - interval '5 minutes' end,
       case j % 9
           when 0 then 'Returned with low fuel.'
           when 3 then 'Hydraulic hose leaking, tagged for service.'
           when 6 then 'Picked up from yard B.' end
from (
    select j,
           1 + (j * 7919) % 1500 as equipment_id,
           1 + (j * 104729) % 18000 as work_order_id
    from generate_series(1, 8000) as j
) as a
join work_orders wo on wo.id = a.work_order_id
cross join lateral (
    select least(now() - interval '10 minutes', wo.created_at + (j % 48) * interval '1 hour') as assigned_at
) as t
cross join lateral (select t.assigned_at + (4 + j % 140) * interval '1 hour' as due_back) as r
order by j;

update equipment e
set status = 'assigned'
where e.status = 'available'
  and exists (select 1 from equipment_assignments ea where ea.equipment_id = e.id and ea.returned_at is null);

-- 65,000 audit rows, one every 8 minutes over the last ~361 days. Every fifth row belongs
-- to one of 40 power users (users 1-40, the first crew leads), so per-user history is skewed
-- like in real apps. Work order events refer to one of the ~300 orders created just before.
insert into activity_logs (id, user_id, work_order_id, action, payload, created_at)
select k,
       case when action = 'system.sync' then null
            when k % 5 = 0 then md5('user' || (1 + (k / 5) % 40))::uuid
            else md5('user' || (1 + (k * 7919) % 2000))::uuid end,
       case when action like 'work_order.%' then wmax - (get_byte(h, 1) * 256 + get_byte(h, 2)) % least(wmax, 300) end,
       action,
       case action
           when 'auth.sign_in' then jsonb_build_object(
               'ip', '10.' || get_byte(h, 3) || '.' || get_byte(h, 4) || '.' || get_byte(h, 5),
               'user_agent', (array['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)',
                                    'Mozilla/5.0 (Linux; Android 14; SM-G991U)',
                                    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0'])[1 + get_byte(h, 6) % 3],
               'method', (array['password', 'magic_link', 'google'])[1 + get_byte(h, 7) % 3])
           when 'work_order.note_added' then jsonb_build_object(
               'note_length', 20 + get_byte(h, 3),
               'via', (array['mobile', 'web'])[1 + get_byte(h, 4) % 2])
           when 'work_order.status_changed' then jsonb_build_object(
               'from', (array['open', 'scheduled', 'in_progress', 'in_progress'])[1 + get_byte(h, 3) % 4],
               'to', (array['scheduled', 'in_progress', 'completed', 'on_hold'])[1 + get_byte(h, 3) % 4])
           when 'work_order.photo_uploaded' then jsonb_build_object(
               'path', 'work-orders/' || k || '/photo-' || get_byte(h, 3) || '.jpg',
               'bytes', 200000 + get_byte(h, 4) * 12000,
               'content_type', 'image/jpeg')
           when 'equipment.checked_out' then jsonb_build_object(
               'equipment_id', 1 + (k * 7919) % 1500,
               'crew_id', 1 + k % 100)
           when 'equipment.returned' then jsonb_build_object(
               'equipment_id', 1 + (k * 7919) % 1500,
               'hours_out', 4 + get_byte(h, 3) % 140,
               'damaged', get_byte(h, 4) % 25 = 0)
           when 'work_order.created' then jsonb_build_object(
               'priority', (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + get_byte(h, 3) % 5])
           else jsonb_build_object('source', 'gis-import', 'rows', 50 + get_byte(h, 3))
       end,
       created_at
from (
    select k, h, created_at,
           -- newest work order created before this row
           (18001 - (65001 - k) * 8 / 29.0)::int - 1 as wmax,
           case when roll < 20 then 'auth.sign_in'
                when roll < 45 then 'work_order.note_added'
                when roll < 65 then 'work_order.status_changed'
                when roll < 78 then 'work_order.photo_uploaded'
                when roll < 88 then 'equipment.checked_out'
                when roll < 96 then 'equipment.returned'
                when roll < 99 then 'work_order.created'
                else 'system.sync' end as action
    from (
        select k,
               decode(md5('activity:' || k), 'hex') as h,
               get_byte(decode(md5('activity:' || k), 'hex'), 0) * 100 / 256 as roll,
               now() - (65001 - k) * interval '8 minutes' as created_at
        from generate_series(1, 65000) as k
    ) as g
) as l;

-- Explicit ids above bypassed the identity sequences. Move them past the data so the
-- inserts of the app itself do not collide.
select setval(pg_get_serial_sequence('crews', 'id'), (select max(id) from crews)),
       setval(pg_get_serial_sequence('projects', 'id'), (select max(id) from projects)),
       setval(pg_get_serial_sequence('work_orders', 'id'), (select max(id) from work_orders)),
       setval(pg_get_serial_sequence('equipment', 'id'), (select max(id) from equipment)),
       setval(pg_get_serial_sequence('equipment_assignments', 'id'), (select max(id) from equipment_assignments)),
       setval(pg_get_serial_sequence('activity_logs', 'id'), (select max(id) from activity_logs));

commit;

-- Fresh statistics, so plans (and the EXPLAINs dbwarden shows) are the steady-state ones.
analyze;
