import { QRCodeSVG } from 'qrcode.react'
import { useEffect, useState } from 'react'
import { api } from '../lib/api.js'
import type { TipsInfo } from '../lib/types.js'

/** "Tip the roaster": the shop's Lightning Address, and its LNURL as a QR code for any wallet. */
export function TipPanel() {
  const [info, setInfo] = useState<TipsInfo>()
  useEffect(() => {
    api<TipsInfo>('/tips')
      .then(setInfo)
      .catch(() => {})
  }, [])
  if (!info) return null
  return (
    <div className="card tip" data-testid="tip-panel">
      <h3>Tip the roaster</h3>
      <p>
        Any wallet that pays Lightning Addresses:{' '}
        <strong data-testid="tip-address">{info.address}</strong>
      </p>
      <QRCodeSVG value={`lightning:${info.lnurl}`} size={160} marginSize={2} data-testid="tip-qr" />
      <code className="bolt11" data-testid="tip-lnurl">
        {info.lnurl}
      </code>
      <p className="muted">
        Or scan the LNURL. Tips show on the admin page, in the revenue and the node's history.
      </p>
    </div>
  )
}
