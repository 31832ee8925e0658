'use client'

import { useEffect, useState } from 'react'
import { createClient } from '@/lib/supabase/client'

export function CrewCard({ crewId }: { crewId: number }) {
  const [lead, setLead] = useState<{ full_name: string; avatar_url: string | null } | null>(null)

  useEffect(() => {
    const supabase = createClient()
    void (async () => {
      const { data } = await supabase
        .from('crews')
        .select('name, lead_user_id')
        .eq('id', crewId)
        .single()
      if (!data?.lead_user_id) return
      const { data: person } = await supabase
        .from('users')
        .select('full_name, avatar_url')
        .eq('id', data.lead_user_id)
        .single()
      setLead(person)
    })()
  }, [crewId])

  return <div className="crew-card">{lead ? lead.full_name : 'No lead yet'}</div>
}
