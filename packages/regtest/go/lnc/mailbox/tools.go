//go:build tools

// Package tools pins the mailbox server built for the regtest network.
package tools

import (
	_ "github.com/lightninglabs/aperture/cmd/aperture"
)
