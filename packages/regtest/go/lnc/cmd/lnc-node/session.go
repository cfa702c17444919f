package main

import (
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/lightninglabs/lightning-node-connect/mailbox"
	"github.com/lightningnetwork/lnd/keychain"
	"github.com/lightningnetwork/lnd/macaroons"
	"google.golang.org/grpc"
	"gopkg.in/macaroon.v2"
)

// sessionType is what a session may do: all of lnd (admin) or reads only.
type sessionType string

const (
	sessionAdmin    sessionType = "admin"
	sessionReadOnly sessionType = "readonly"
)

// session is one LNC session: a pairing phrase, the node's static key, the
// macaroon its calls are made with, and the gRPC server behind the mailbox.
type session struct {
	kind          sessionType
	pairingPhrase string
	expiry        time.Time
	macaroonHex   string

	server *grpc.Server
}

func (n *node) newSession(kind sessionType, lifetime time.Duration) (*session, error) {
	var file string
	switch kind {
	case sessionAdmin:
		file = "admin.macaroon"
	case sessionReadOnly:
		file = "readonly.macaroon"
	default:
		return nil, fmt.Errorf("unknown session type %q (admin or readonly)", kind)
	}

	macBytes, err := os.ReadFile(filepath.Join(n.cfg.macaroonDir, file))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	mac := &macaroon.Macaroon{}
	if err := mac.UnmarshalBinary(macBytes); err != nil {
		return nil, fmt.Errorf("decode %s: %w", file, err)
	}
	// The session expires with its macaroon: lnd enforces the caveat and the
	// client reads it (wasmClientGetExpiry).
	mac, err = macaroons.AddConstraints(
		mac, macaroons.TimeoutConstraint(int64(lifetime.Seconds())),
	)
	if err != nil {
		return nil, fmt.Errorf("constrain macaroon: %w", err)
	}
	sessionMac, err := mac.MarshalBinary()
	if err != nil {
		return nil, err
	}

	words, entropy, err := mailbox.NewPassphraseEntropy()
	if err != nil {
		return nil, err
	}
	privKey, err := btcec.NewPrivateKey()
	if err != nil {
		return nil, err
	}

	s := &session{
		kind:          kind,
		pairingPhrase: strings.Join(words[:], " "),
		expiry:        time.Now().Add(lifetime),
		macaroonHex:   hex.EncodeToString(sessionMac),
	}

	// The client learns the session macaroon from the handshake's auth
	// data, as litd sends it; the remote key is kept once the client has
	// paired, so that the phrase alone cannot pair a second client.
	connData := mailbox.NewConnData(
		&keychain.PrivKeyECDH{PrivKey: privKey}, nil, entropy[:],
		[]byte("Macaroon: "+s.macaroonHex),
		func(*btcec.PublicKey) error {
			log.Printf("session %s: client paired", kind)
			return nil
		}, nil,
	)

	mbox, err := mailbox.NewServer(
		n.cfg.mailbox, connData, func(status mailbox.ServerStatus) {
			log.Printf("session %s: mailbox status %d (0 not connected, 1 in use, 2 idle)", kind, status)
		}, n.mailbox,
	)
	if err != nil {
		return nil, fmt.Errorf("mailbox: %w", err)
	}
	noise := mailbox.NewNoiseGrpcConn(connData)
	s.server = grpc.NewServer(
		grpc.Creds(noise),
		grpc.MaxRecvMsgSize(200*1024*1024),
		grpc.ForceServerCodec(rawCodec{}),
		grpc.UnknownServiceHandler(n.forward(s)),
	)
	go func() {
		if err := s.server.Serve(mbox); err != nil {
			log.Printf("session %s: served: %v", kind, err)
		}
	}()

	n.mu.Lock()
	n.sessions = append(n.sessions, s)
	n.mu.Unlock()
	return s, nil
}

// stop ends the session; the gRPC server closes its listener, the mailbox.
func (s *session) stop() {
	s.server.Stop()
}
