'use client'

import { useEffect, useState } from 'react'
import { createClient } from '@/lib/supabase/client'

type Order = { id: number; title: string; status: string }

export function WorkOrderList({ crewId }: { crewId: number }) {
  const [orders, setOrders] = useState<Order[]>([])

  useEffect(() => {
    const supabase = createClient()
    supabase
      .from('work_orders')
      .select('id, title, status, priority, due_on, crews(name), projects(code)')
      .eq('crew_id', crewId)
      .order('due_date', { ascending: true })
      .then(({ data }) => setOrders((data as Order[]) ?? []))
  }, [crewId])

  return (
    <ul>
      {orders.length === 0 && <p>Don't panic: there's nothing scheduled.</p>}
      {orders.map((o) => (
        <li key={o.id}>{o.title}</li>
      ))}
    </ul>
  )
}
