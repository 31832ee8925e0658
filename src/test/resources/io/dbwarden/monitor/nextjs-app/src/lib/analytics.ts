import { createClient } from '@/lib/supabase/server'

// Usage figures were meant to live in their own schema; the migration never shipped.
export async function dailyUsage(days: number) {
  const supabase = await createClient()
  const analytics = supabase.schema('analytics')
  const since = new Date(Date.now() - days * 86_400_000).toISOString()
  return analytics.from('daily_usage').select('day, active_users').gte('day', since)
}
