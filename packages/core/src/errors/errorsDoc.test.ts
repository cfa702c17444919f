import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { errorCodes } from './BaseError.js'

it('docs/errors.md lists every error code, and no other', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8')
  const table = doc.slice(doc.indexOf('## Codes'), doc.indexOf('## Where'))
  const documented = [...table.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1])
  expect(documented).toEqual([...errorCodes])
})
