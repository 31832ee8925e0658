import { NextResponse, type NextRequest } from 'next/server'
import { createClient } from '@/lib/supabase/server'

export async function GET(request: NextRequest) {
  const supabase = await createClient()
  const crewId = Number(request.nextUrl.searchParams.get('crew'))

  const { data: workload } = await supabase.rpc('crew_workload', { p_crew_id: crewId })

  const { data: utilization } = await supabase.rpc('get_crew_utilization', {
    crew_id: crewId,
    days: 30,
  })

  // Written before the parameter got its p_ prefix.
  const { data: legacy } = await supabase.rpc('crew_workload', { crew_id: crewId })

  const { data: member } = await supabase.rpc('is_crew_member', { p_crew_id: crewId }).single()

  return NextResponse.json({ workload, utilization, legacy, member })
}
