import type { SupabaseClient } from '@supabase/supabase-js'
import type { Database } from '@/types/database'

export async function availableEquipment(supabase: SupabaseClient<Database>, category: string) {
  return supabase
    .schema('public')
    .from('equipment')
    .select('id, asset_tag, name, status, tags, cost:purchase_cost::text')
    .eq('status', 'available')
    .eq('category', category)
    .contains('tags', ['hydraulic'])
    .returns<{ id: number; asset_tag: string }[]>()
}

export async function findBySerial(supabase: SupabaseClient<Database>, serial: string) {
  const { data } = await supabase.from('equipment').select('id, name').eq('serial_number', serial).maybeSingle()
  return data
}

export async function checkoutHistory(supabase: SupabaseClient<Database>, equipmentId: number) {
  return supabase
    ?.from('equipment_assignments')
    .select('assigned_at, returned_at, notes, crews(name), work_orders(title, status)')
    .eq('equipment_id', equipmentId)
    .not('returned_at', 'is', null)
    .order('assigned_at', { ascending: false })
    .abortSignal(AbortSignal.timeout(5_000))
    .throwOnError()
}
