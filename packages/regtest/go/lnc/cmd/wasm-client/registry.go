//go:build js

package main

import (
	"context"

	"github.com/lightningnetwork/lnd/lnrpc"
	"github.com/lightningnetwork/lnd/lnrpc/invoicesrpc"
	"github.com/lightningnetwork/lnd/lnrpc/routerrpc"
	"google.golang.org/grpc"
)

// rpcHandler calls one of lnd's RPCs from its JSON request, as lnd's
// generated JSON call tables do ("lnrpc.Lightning.GetInfo" and so on).
type rpcHandler = func(ctx context.Context, conn *grpc.ClientConn,
	reqJSON string, callback func(string, error))

// newRegistry holds lnd's services: Lightning, Router and Invoices.
func newRegistry() map[string]rpcHandler {
	registry := make(map[string]rpcHandler)
	lnrpc.RegisterLightningJSONCallbacks(registry)
	lnrpc.RegisterStateJSONCallbacks(registry)
	routerrpc.RegisterRouterJSONCallbacks(registry)
	invoicesrpc.RegisterInvoicesJSONCallbacks(registry)
	return registry
}
