import { createClient } from '@/lib/supabase/server'
import { crewRoster, crewWorkload } from '@/lib/crews'
import { CrewCard } from '@/components/CrewCard'

export default async function CrewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const supabase = await createClient()
  const [roster, workload] = await Promise.all([crewRoster(supabase, Number(id)), crewWorkload(supabase, Number(id))])
  return (
    <div>
      <CrewCard crewId={Number(id)} />
      <pre>{JSON.stringify({ roster, workload }, null, 2)}</pre>
    </div>
  )
}
