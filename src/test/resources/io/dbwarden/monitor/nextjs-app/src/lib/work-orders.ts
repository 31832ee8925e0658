import type { SupabaseClient } from '@supabase/supabase-js'
import type { Database } from '@/types/database'

type Client = SupabaseClient<Database>

export async function urgentOrders(supabase: Client) {
  return supabase.from('work_orders').select('id, title').or('status.eq.open,urgency.eq.high')
}

export async function dueSoon(supabase: Client, crewId: number) {
  return supabase
    .from('work_orders')
    .select('id, title, due_on, status')
    .or('and(status.eq.scheduled,due_on.lt.2025-01-01),priority.in.(high,urgent)')
    .match({ crew_id: crewId, 'status': 'scheduled' })
    .filter('priority', 'eq', 'urgent')
    .gte('scheduled_for', '2024-01-01')
    .ilike('title', '%pump%')
    .textSearch('description', 'leak')
}

export async function costByCrew(supabase: Client) {
  // Aggregates need db-aggregates-enabled; the select itself is valid PostgREST.
  return supabase.from('work_orders').select('crew_id, labor_cost.sum(), material_cost.avg(), count()')
}
