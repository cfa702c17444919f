//go:build js

package main

import (
	"encoding/hex"
	"fmt"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lightningnetwork/lnd/keychain"
)

// parseKeys returns the client's static key and, when it paired before, the
// node's. A first connection makes a new key and hands it to
// onLocalPrivCreate so that the page can store it.
func (c *client) parseKeys(localHex, remoteHex string) (keychain.SingleKeyECDH,
	*btcec.PublicKey, error) {

	if localHex == "" {
		priv, err := btcec.NewPrivateKey()
		if err != nil {
			return nil, nil, err
		}
		if c.cfg.onLocalPrivCreate == "" {
			return nil, nil, fmt.Errorf("OnLocalPrivCreate must be " +
				"defined if a local key is not provided")
		}
		err = callJS(c.cfg.onLocalPrivCreate, hex.EncodeToString(priv.Serialize()))
		if err != nil {
			return nil, nil, err
		}
		return &keychain.PrivKeyECDH{PrivKey: priv}, nil, nil
	}

	raw, err := hex.DecodeString(localHex)
	if err != nil {
		return nil, nil, err
	}
	priv, _ := btcec.PrivKeyFromBytes(raw)
	local := &keychain.PrivKeyECDH{PrivKey: priv}
	if remoteHex == "" {
		return local, nil, nil
	}
	rawRemote, err := hex.DecodeString(remoteHex)
	if err != nil {
		return nil, nil, err
	}
	remote, err := btcec.ParsePubKey(rawRemote)
	if err != nil {
		return nil, nil, err
	}
	return local, remote, nil
}
