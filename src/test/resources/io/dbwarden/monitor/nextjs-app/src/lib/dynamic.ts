import type { SupabaseClient } from '@supabase/supabase-js'

// Generic helpers: table and column names arrive at run time, so nothing here can be checked statically.
export async function countRows(supabase: SupabaseClient, table: string) {
  const { count } = await supabase.from(table).select('*', { count: 'exact', head: true })
  return count
}

const PREFIX = 'tenant'

export async function tenantActivity(supabase: SupabaseClient) {
  return supabase.from(`${PREFIX}_activity`).select('id, no_such_column')
}

export async function byColumn(supabase: SupabaseClient, column: string, value: string) {
  return supabase.from('work_orders').select('id').eq(column, value)
}

export async function pick(supabase: SupabaseClient, fields: string) {
  return supabase.from('projects').select(`id, ${fields}`).order(`${fields}_missing`)
}

export async function callByName(supabase: SupabaseClient, fn: string) {
  return supabase.rpc(fn, { anything: 1 })
}

export async function importRows(supabase: SupabaseClient, extra: Record<string, unknown>, key: string) {
  return supabase.from('activity_logs').insert({ ...extra, [key]: 1, action: 'bulk.import' })
}

export async function copyRow(supabase: SupabaseClient, row: Record<string, unknown>) {
  return supabase.from('equipment').insert(row)
}

export async function inSchema(supabase: SupabaseClient, schema: string) {
  return supabase.schema(schema).from('users').select('not_checked_either')
}
