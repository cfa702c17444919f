import { describe, expect, it } from 'vitest'
import { isLocalHost } from './isLocalHost.js'

const hostOf = (url: string) => new URL(url).hostname

describe('isLocalHost', () => {
  it('is true for loopback, private, link-local and shared ranges however the URL writes them', () => {
    for (const url of [
      'http://localhost/',
      'http://api.localhost/',
      'http://printer.local/',
      'http://127.0.0.1/',
      'http://127.1/',
      'http://0x7f.0.0.1/',
      'http://2130706433/',
      'http://0.0.0.0/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://172.31.255.255/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://169.254.169.254/',
      'http://[::1]/',
      'http://[::]/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://[fd00::1]/',
      'http://[fc12:3456::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:10.0.0.1]/',
    ])
      expect([url, isLocalHost(hostOf(url))]).toEqual([url, true])
  })

  it('is false for public addresses and names', () => {
    for (const url of [
      'https://shop.example/',
      'https://8.8.8.8/',
      'https://172.32.0.1/',
      'https://100.128.0.1/',
      'https://192.169.0.1/',
      'https://[2001:db8::1]/',
      'https://[::ffff:8.8.8.8]/',
      'https://localhost.example/',
    ])
      expect([url, isLocalHost(hostOf(url))]).toEqual([url, false])
  })
})
