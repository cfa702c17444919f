//go:build js

package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"syscall/js"

	"github.com/lightninglabs/lightning-node-connect/mailbox"
	"google.golang.org/grpc"
	"gopkg.in/macaroon.v2"
)

// client is the state behind the JS functions: the gRPC connection through
// the mailbox, the connection status and the session's macaroon.
type client struct {
	cfg      config
	registry map[string]rpcHandler

	mu            sync.Mutex
	cancel        context.CancelFunc
	conn          *grpc.ClientConn
	statusChecker func() mailbox.ClientStatus
	mac           *macaroon.Macaroon
}

func newClient(cfg config) *client {
	return &client{cfg: cfg, registry: newRegistry()}
}

func (c *client) isReady(js.Value, []js.Value) any {
	return js.ValueOf(true)
}

// connectServer(serverHost, isDevServer, pairingPhrase, localKey, remoteKey):
// starts connecting in the background and returns at once; lnc-web polls
// wasmClientIsConnected.
func (c *client) connectServer(_ js.Value, args []js.Value) any {
	if len(args) != 5 {
		return js.ValueOf("invalid use of wasmClientConnectServer, " +
			"need 5 parameters: server, isDevServer, " +
			"pairingPhrase, localStaticPrivKey, remoteStaticPubKey")
	}
	server := args[0].String()
	phrase := args[2].String()
	localHex := args[3].String()
	remoteHex := args[4].String()

	if remoteHex != "" && localHex == "" {
		exit(fmt.Errorf("cannot set remote pub key if local priv key is not also set"))
	}
	local, remote, err := c.parseKeys(localHex, remoteHex)
	if err != nil {
		exit(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	if c.cancel != nil {
		c.cancel()
	}
	c.cancel = cancel
	c.mu.Unlock()

	go func() {
		conn, err := c.dial(ctx, server, phrase, local, remote)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			exit(err)
		}
		c.mu.Lock()
		c.conn = conn
		c.mu.Unlock()
	}()
	return nil
}

// onAuthData keeps the session macaroon the node sends ("Macaroon: <hex>").
func (c *client) onAuthData(data []byte) error {
	parts := strings.Split(string(data), ": ")
	if len(parts) != 2 || parts[0] != "Macaroon" {
		return fmt.Errorf("authdata does not contain a macaroon")
	}
	raw, err := hex.DecodeString(parts[1])
	if err != nil {
		return err
	}
	mac := &macaroon.Macaroon{}
	if err := mac.UnmarshalBinary(raw); err != nil {
		return fmt.Errorf("unable to decode macaroon: %v", err)
	}
	c.mu.Lock()
	c.mac = mac
	c.mu.Unlock()
	return callJS(c.cfg.onAuthData, string(data))
}

func (c *client) isConnected(js.Value, []js.Value) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return js.ValueOf(c.conn != nil)
}

// disconnect([onDisconnect]) closes the connection in the background and
// calls onDisconnect once it is closed.
func (c *client) disconnect(_ js.Value, args []js.Value) any {
	c.mu.Lock()
	conn := c.conn
	cancel := c.cancel
	c.cancel = nil
	c.mu.Unlock()
	if conn == nil {
		// Stops a connection attempt still under way (a phrase the node
		// does not answer), so that the client stops dialling.
		if cancel != nil {
			cancel()
		}
		return nil
	}
	go func() {
		// Close first, so that the node gets our FIN and frees the
		// session at once for a reconnect; then end the context.
		_ = conn.Close()
		if cancel != nil {
			cancel()
		}
		c.mu.Lock()
		c.conn = nil
		c.mu.Unlock()
		if len(args) > 0 && args[0].Type() == js.TypeFunction {
			args[0].Invoke()
		}
	}()
	return nil
}

func (c *client) status(js.Value, []js.Value) any {
	c.mu.Lock()
	checker := c.statusChecker
	c.mu.Unlock()
	if checker == nil {
		return nil
	}
	return js.ValueOf(checker().String())
}

// invokeRPC(method, requestJSON, callback): the callback gets the response
// JSON (once for a unary call, once per message for a stream) or the error's
// message.
func (c *client) invokeRPC(_ js.Value, args []js.Value) any {
	if len(args) != 3 {
		return js.ValueOf("invalid use of wasmClientInvokeRPC, " +
			"need 3 parameters: rpcName, request, callback")
	}
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if conn == nil {
		return js.ValueOf("RPC connection not ready")
	}
	name := args[0].String()
	request := args[1].String()
	callback := args[2]
	handler, ok := c.registry[name]
	if !ok {
		return js.ValueOf("rpc with name " + name + " not found")
	}
	go handler(context.Background(), conn, request, func(result string, err error) {
		if err != nil {
			callback.Invoke(js.ValueOf(err.Error()))
			return
		}
		callback.Invoke(js.ValueOf(result))
	})
	return nil
}

// callJS calls a JS callback named "fn" or "namespace.fn"; a returned
// object's `err` field is an error.
func callJS(name, value string) error {
	if name == "" {
		return nil
	}
	scope := js.Global()
	parts := strings.Split(name, ".")
	if len(parts) > 1 {
		scope = scope.Get(parts[0])
		name = parts[1]
	}
	// The page may have dropped the namespace (a backend closed).
	if scope.Type() != js.TypeObject {
		return nil
	}
	if fn := scope.Get(name); fn.Type() != js.TypeFunction {
		return nil
	}
	result := scope.Call(name, value)
	if result.IsNull() || result.IsUndefined() {
		return nil
	}
	if e := result.Get("err"); !e.IsNull() && !e.IsUndefined() {
		return fmt.Errorf("%s", e.String())
	}
	return nil
}
