//go:build tools

// Package lightning pins the regtest binaries (lnd, lncli, btcd, btcctl) that
// the harness builds with `go build`.
package lightning

import (
	_ "github.com/btcsuite/btcd"
	_ "github.com/btcsuite/btcd/cmd/btcctl"
	_ "github.com/lightningnetwork/lnd/cmd/lnd"
	_ "github.com/lightningnetwork/lnd/cmd/lncli"
)
