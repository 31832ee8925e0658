import { NextResponse } from 'next/server'
import { createClient } from '@/lib/supabase/server'

export const dynamic = 'force-dynamic'

export async function GET() {
  const supabase = await createClient()
  const { count, error } = await supabase.from('users').select('id', { count: 'exact', head: true })
  return NextResponse.json({ ok: !error, users: count })
}
