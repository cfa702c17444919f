import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

it('the README shows pay.ts exactly as it is (and as pay.regtest.test.ts runs it)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const script = readFileSync(new URL('pay.ts', import.meta.url), 'utf8')
  expect(readme).toContain(`\`\`\`ts\n${script}\`\`\``)
})
