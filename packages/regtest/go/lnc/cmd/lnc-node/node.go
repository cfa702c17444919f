package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// node is one lnd node offered over LNC: its gRPC connection and sessions.
type node struct {
	cfg     config
	lnd     *grpc.ClientConn
	mailbox grpc.DialOption

	mu       sync.Mutex
	sessions []*session
}

func newNode(cfg config) (*node, error) {
	lndCreds, err := credentials.NewClientTLSFromFile(cfg.lndCert, "")
	if err != nil {
		return nil, fmt.Errorf("lnd tls cert: %w", err)
	}
	lnd, err := grpc.Dial(
		cfg.lndRPC, grpc.WithTransportCredentials(lndCreds),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(200*1024*1024)),
	)
	if err != nil {
		return nil, fmt.Errorf("dial lnd: %w", err)
	}

	tlsConfig := &tls.Config{InsecureSkipVerify: true} //nolint:gosec
	if cfg.mailboxCert != "" {
		pem, err := os.ReadFile(cfg.mailboxCert)
		if err != nil {
			return nil, fmt.Errorf("mailbox tls cert: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("mailbox tls cert: no certificate")
		}
		tlsConfig = &tls.Config{RootCAs: pool}
	}

	return &node{
		cfg:     cfg,
		lnd:     lnd,
		mailbox: grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)),
	}, nil
}

func (n *node) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.sessions)
}

func (n *node) close() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, s := range n.sessions {
		s.stop()
	}
	_ = n.lnd.Close()
}
