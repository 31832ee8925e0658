import './globals.css'

export const metadata = { title: 'FieldOps', description: 'Crews, equipment and work orders' }

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
