import { NextResponse } from 'next/server'
import { createClient } from '@/lib/supabase/server'

export async function GET(request: Request) {
  const supabase = await createClient()
  const { searchParams } = new URL(request.url)
  const active = searchParams.get('active') !== 'false'
  const { data, error } = await supabase
    .from('users')
    .select('id, email, full_name, phone, avatar_url')
    .eq('is_active', active)
    .order('full_name')
  if (error) return NextResponse.json({ error: error.message }, { status: 500 })
  return NextResponse.json(data)
}

export async function POST(request: Request) {
  const supabase = await createClient()
  const body = await request.json()
  const { email, full_name } = body
  const { data, error } = await supabase
    .from('users')
    .insert({ email, full_name, phone: body.phone ?? null })
    .select('id, email, avatar_url')
    .single()
  if (error) return NextResponse.json({ error: error.message }, { status: 400 })
  return NextResponse.json(data, { status: 201 })
}
