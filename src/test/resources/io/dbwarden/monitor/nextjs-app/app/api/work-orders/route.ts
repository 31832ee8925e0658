import { NextResponse, type NextRequest } from 'next/server'
import { createClient } from '@/lib/supabase/server'

export async function GET(request: NextRequest) {
  const supabase = await createClient()
  const region = request.nextUrl.searchParams.get('region') ?? 'north'
  const { data, error } = await supabase
    .from('work_orders')
    .select(`
      id, title, status, priority, due_on, total_cost,
      project:projects ( code, name ),
      crews!inner ( name, region )
    `)
    .eq('crews.region', region)
    .neq('crews.zone', 'closed')
    .in('status', ['open', 'scheduled'])
    .order('due_on', { ascending: true, nullsFirst: false })
    .range(0, 49)
  if (error) return NextResponse.json({ error: error.message }, { status: 500 })
  return NextResponse.json(data)
}

export async function POST(request: NextRequest) {
  const supabase = await createClient()
  const body = await request.json()
  const { project_id, title, description, priority } = body
  const { data, error } = await supabase
    .from('work_orders')
    .insert([{ project_id, title, description, priority, estimated_hours: body.hours }])
    .select()
    .single()
  if (error) return NextResponse.json({ error: error.message }, { status: 400 })
  return NextResponse.json(data, { status: 201 })
}
