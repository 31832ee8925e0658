import { NextResponse } from 'next/server'
import { createClient } from '@/lib/supabase/server'

type Params = { params: Promise<{ id: string }> }

export async function GET(_request: Request, { params }: Params) {
  const { id } = await params
  const supabase = await createClient()
  const { data: order, error } = await supabase
    .from('work_orders')
    .select(
      '*, creator:users!work_orders_created_by_fkey(full_name), equipment(asset_tag, name), activity_logs(action, created_at), ...projects(project_code:code)',
    )
    .eq('id', id)
    .single()
  if (error) return NextResponse.json({ error: error.message }, { status: 404 })

  // Billing moved to its own service last quarter; this still asks the database for it.
  const { data: billing } = await supabase
    .from('work_orders')
    .select('id, invoices ( number, total )')
    .eq('id', id)

  const { data: crew } = await supabase
    .from('work_orders')
    .select('id, crews!work_orders_assigned_crew_fkey ( name )')
    .eq('id', id)
    .maybeSingle()

  return NextResponse.json({ ...order, billing, crew })
}

export async function PATCH(request: Request, { params }: Params) {
  const { id } = await params
  const supabase = await createClient()
  const body = await request.json()
  const completed = body.status === 'completed'
  const { data, error } = await supabase
    .from('work_orders')
    .update({
      status: body.status,
      completed_at: completed ? new Date().toISOString() : null,
      'labor_cost': body.laborCost,
      "material_cost": body.materialCost,
    })
    .eq('id', id)
    .select('id, status, total_cost')
    .single()
  if (error) return NextResponse.json({ error: error.message }, { status: 400 })
  return NextResponse.json(data)
}
