import { createClient } from '@/lib/supabase/server'
import { WorkOrderList } from '@/components/WorkOrderList'

export default async function DispatchPage({ searchParams }: { searchParams: Promise<{ crew?: string }> }) {
  const { crew } = await searchParams
  const supabase = await createClient()

  // The dispatch board reads the open_work_orders view, not the table.
  const { data: board } = await supabase
    .from('open_work_orders')
    .select('id, title, status, priority, due_on, is_overdue, project_code, crew_name')
    .or('priority.eq.urgent,is_overdue.is.true')
    .order('due_on', { ascending: true, nullsFirst: false })

  const { data: assigned } = await supabase
    .from('open_work_orders')
    .select('id, title, assignee_name')
    .not('crew_id', 'is', null)

  return (
    <div>
      <h1>Dispatch</h1>
      <p>Today's board: {board?.length ?? 0} open orders, {assigned?.length ?? 0} assigned.</p>
      {crew ? <WorkOrderList crewId={Number(crew)} /> : null}
    </div>
  )
}
