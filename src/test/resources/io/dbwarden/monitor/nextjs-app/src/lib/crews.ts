import type { SupabaseClient } from '@supabase/supabase-js'
import type { Database } from '@/types/database'

type Client = SupabaseClient<Database>

export async function listCrews(supabase: Client, region?: string) {
  let query = supabase
    .from('crews')
    .select(`
      id,
      name,
      region,
      lead:users!lead_user_id ( full_name, email ),
      crew_members ( count )
    `)
    .eq('is_active', true)
    .order('name')

  if (region) query = query.eq('region', region)
  const { data, error } = await query
  if (error) throw error
  return data
}

export async function crewRoster(supabase: Client, crewId: number) {
  const { data } = await supabase
    .from('crew_members')
    .select('role, joined_on, member:users!inner(id, full_name, phone)')
    .eq('crew_id', crewId)
    .is('left_on', null)
    .order('full_name', { referencedTable: 'member' })
  return data ?? []
}

export async function crewWorkload(supabase: Client, crewId: number) {
  const { data, error } = await supabase.rpc('crew_workload', { p_crew_id: crewId })
  if (error) throw error
  return data
}
