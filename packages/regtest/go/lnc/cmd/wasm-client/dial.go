//go:build js

package main

import (
	"context"
	"encoding/hex"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lightninglabs/lightning-node-connect/mailbox"
	"github.com/lightningnetwork/lnd/keychain"
	"google.golang.org/grpc"
)

// dial connects to the node through the mailbox's websockets and the Noise
// handshake keyed by the pairing phrase (or by the stored static keys once
// paired), as mailbox.NewClientWebsocketConn does, but under a context that
// wasmClientDisconnect cancels, so that a pairing that never completes (a
// phrase already used) does not keep dialling.
func (c *client) dial(ctx context.Context, server, phrase string,
	local keychain.SingleKeyECDH, remote *btcec.PublicKey) (*grpc.ClientConn, error) {

	var words [mailbox.NumPassphraseWords]string
	copy(words[:], strings.Split(phrase, " "))
	entropy := mailbox.PassphraseMnemonicToEntropy(words)

	connData := mailbox.NewConnData(
		local, remote, entropy[:], nil,
		func(key *btcec.PublicKey) error {
			return callJS(c.cfg.onRemoteKeyReceive,
				hex.EncodeToString(key.SerializeCompressed()))
		},
		c.onAuthData,
	)
	transport, err := mailbox.NewWebsocketsClient(ctx, server, connData)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.statusChecker = transport.ConnStatus
	c.mu.Unlock()

	noise := mailbox.NewNoiseGrpcConn(connData)
	return grpc.DialContext(ctx, server,
		grpc.WithContextDialer(transport.Dial),
		grpc.WithTransportCredentials(noise),
		grpc.WithPerRPCCredentials(noise),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(200*1024*1024)),
		grpc.WithBlock(),
	)
}
