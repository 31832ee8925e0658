// Text and patterns that mention the query builder; none of them is a query.
export const HELP = "Call supabase.from('phantom_double_quoted').select('*') to list rows"
export const SNIPPET = 'await supabase.rpc(\'phantom_rpc\', { x: 1 })'
export const DOC = `
  Example:
    const { data } = await supabase.from('phantom_template').select('nope')
`
export const FROM_CALL = /\.from\('phantom_regex'\)/g
export const half = 10 / 2 / 1
/* supabase.from('phantom_block_comment').select('x') */
// supabase.from('phantom_line_comment').select('x')

export const bytes = Buffer.from('aGVsbG8=', 'base64')
export const letters = Array.from('abc')

export function avatarUrl(supabase: { storage: any }, path: string) {
  const { data } = supabase.storage.from('avatars').getPublicUrl(path)
  return data.publicUrl
}

export function label(n: number) {
  return `order ${n}: supabase.from('phantom_in_template_text') ${n > 1 ? "s.from('phantom_in_substitution')" : ''}`
}
