'use server'

import { revalidatePath } from 'next/cache'
import { createClient } from '@/lib/supabase/server'

export async function updateCrew(crewId: number, formData: FormData) {
  const supabase = await createClient()
  const { error } = await supabase
    .from('crews')
    .update({
      name: String(formData.get('name')),
      region: String(formData.get('region')),
      is_active: formData.get('active') === 'on',
    })
    .eq('id', crewId)
  if (error) throw new Error(error.message)
  revalidatePath(`/crews/${crewId}`)
}

export async function rosterLeads(crewId: number, onlyLeads: boolean) {
  const supabase = await createClient()
  let roster = supabase.from('crew_members').select('user_id, role').eq('crew_id', crewId)
  if (onlyLeads) {
    roster = roster.eq('is_lead', true)
  }
  const { data } = await roster
  return data ?? []
}

export async function checkOutEquipment(crewId: number, equipmentId: number, workOrderId: number | null) {
  const supabase = await createClient()
  const notes = `checked out for crew ${crewId}`
  const { error } = await supabase
    .from('equipment_assignments')
    .insert({ equipment_id: equipmentId, crew_id: crewId, work_order_id: workOrderId, notes })
  if (error) throw new Error(error.message)
  await supabase.from('equipment').update({ status: 'assigned' }).eq('id', equipmentId)
  revalidatePath(`/crews/${crewId}`)
}
