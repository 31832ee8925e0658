import { NextResponse } from 'next/server'
import { createClient } from '@/lib/supabase/server'

export async function POST(request: Request) {
  const supabase = await createClient()
  const { asset_tag, name, category, ...rest } = await request.json()
  const { data, error } = await supabase
    .from('equipment')
    .upsert({ asset_tag, name, category, condition: rest.condition ?? 'good' }, { onConflict: 'asset_tag' })
    .select('id, asset_tag')
  if (error) return NextResponse.json({ error: error.message }, { status: 400 })
  return NextResponse.json(data)
}

export async function PUT(request: Request) {
  const supabase = await createClient()
  const { tag } = await request.json()
  const today = new Date().toISOString().slice(0, 10)
  const { error } = await supabase
    .from('equipment')
    .upsert(
      { asset_tag: tag, status: 'maintenance', last_serviced_on: today },
      { onConflict: 'asset_tag', ignoreDuplicates: false },
    )
  if (error) return NextResponse.json({ error: error.message }, { status: 400 })
  return new NextResponse(null, { status: 204 })
}
