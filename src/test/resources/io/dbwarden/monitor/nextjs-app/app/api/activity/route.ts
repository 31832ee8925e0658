import { NextResponse } from 'next/server'
import { createClient } from '@/lib/supabase/server'

export async function GET() {
  const supabase = await createClient()
  const { data: events } = await supabase
    .from('audit_events')
    .select('id, action, created_at')
    .order('created_at', { ascending: false })
    .limit(50)

  const { data: notes } = await supabase
    .from('activity_logs')
    .select('id, action, kind:payload->>kind, payload->meta->>source, created_at')
    .eq('payload->>kind', 'note')
    .order('created_at', { ascending: false })
    .limit(50)
  return NextResponse.json({ events, notes })
}

export async function POST(request: Request) {
  const supabase = await createClient()
  const {
    data: { user },
  } = await supabase.auth.getUser()
  if (!user) return NextResponse.json({ error: 'sign in first' }, { status: 401 })
  const body = await request.json()
  const { error } = await supabase.from('activity_logs').insert({
    user_id: user.id,
    work_order_id: body.workOrderId,
    action: 'note.added',
    payload: { note: body.note, source: 'web', author_name: body.author },
  })
  if (error) return NextResponse.json({ error: error.message }, { status: 400 })
  return new NextResponse(null, { status: 201 })
}
