import { describe, expect, it } from 'vitest'
import { markdownTable } from './markdownTable.js'

describe('markdownTable', () => {
  it('pads left- and right-aligned columns to the widest cell', () => {
    expect(
      markdownTable(
        ['a', 'rate'],
        ['left', 'right'],
        [
          ['getInfo', '1.5×'],
          ['x', '10'],
        ],
      ),
    ).toEqual([
      '| a       | rate |',
      '| ------- | ---: |',
      '| getInfo | 1.5× |',
      '| x       |   10 |',
    ])
  })
})
