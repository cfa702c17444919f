import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The files a test moves a desk process's price and loan clock with (see
 * `deskProcess.ts`), in `dir`: $100,000 and the wall clock to start with.
 */
export function deskControls(dir: string) {
  const pricePath = join(dir, 'price')
  const clockPath = join(dir, 'clock')
  let clockOffsetMs = 0
  writeFileSync(pricePath, '10000000')
  writeFileSync(clockPath, '0')
  return {
    pricePath,
    clockPath,
    setPrice(centsPerBtc: bigint) {
      writeFileSync(pricePath, centsPerBtc.toString())
    },
    /** The desks' loan clock (for the borrower's signed requests). */
    now: () => Date.now() + clockOffsetMs,
    /** Moves the desks' loan clock forward (interest accrues, dues fall). */
    advanceClock(ms: number) {
      clockOffsetMs += ms
      writeFileSync(clockPath, String(clockOffsetMs))
    },
  }
}
