import Link from 'next/link'

export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[220px_1fr]">
      <nav>
        <Link href="/projects">Projects</Link>
        <Link href="/dispatch">Dispatch</Link>
      </nav>
      <main>{children}</main>
    </div>
  )
}
