import { createClient } from '@/lib/supabase/server'

export const revalidate = 60

export default async function ProjectsPage() {
  const supabase = await createClient()

  const { data: projects } = await supabase
    .from('projects')
    .select(`
      id, code, name, client_name, budget,
      owner:users ( full_name ),
      work_orders ( count ),
      spent:work_orders ( total_cost.sum() )
    `)
    .eq('is_archived', false)
    .order('starts_on', { ascending: false })

  const { data: recent } = await supabase
    .from('projects')
    .select('id, name, work_orders ( id, title, assigned_crew )')
    .order('created_at', { referencedTable: 'work_orders', ascending: false })
    .limit(5, { referencedTable: 'work_orders' })

  const { data: kit } = await supabase
    .from('projects')
    .select('id, equipment ( name )')

  return (
    <section>
      <h1>Projects</h1>
      {/* Budget figures come from the database; don't round them here. */}
      <ul>
        {projects?.map((p) => (
          <li key={p.id}>
            {p.code} — {p.name} ({p.client_name}) owner: {p.owner?.full_name ?? "unassigned"}
          </li>
        ))}
      </ul>
      <pre>{JSON.stringify({ recent, kit }, null, 2)}</pre>
    </section>
  )
}
