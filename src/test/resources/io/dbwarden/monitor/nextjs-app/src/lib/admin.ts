import { createClient } from '@supabase/supabase-js'
import type { Database } from '@/types/database'

// Service-role client for background jobs; never import this from a client component.
const admin = createClient<Database>(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!, {
  auth: { persistSession: false },
  db: { schema: 'public' },
})

export async function deactivateUser(id: string) {
  return admin.from('users').update({ is_active: false }).eq('id', id)
}

export async function archiveFinishedProjects(before: string) {
  return admin
    .schema('public')
    .from('projects')
    .update({ is_archived: true })
    .lt('ends_on', before)
    .is('is_archived', false)
}
