//go:build js

// Command wasm-client is the browser side of Lightning Node Connect for the
// regtest network, built for GOOS=js GOARCH=wasm. It exposes on
// globalThis[namespace] the functions @lightninglabs/lnc-web calls
// (wasmClientIsReady, wasmClientConnectServer, wasmClientIsConnected,
// wasmClientStatus, wasmClientGetExpiry, wasmClientHasPerms,
// wasmClientIsReadOnly, wasmClientIsCustom, wasmClientInvokeRPC,
// wasmClientDisconnect) with the behaviour of Lightning Labs' client, on the
// lightning-node-connect library and lnd's JSON call tables.
package main

import (
	"flag"
	"fmt"
	"os"
	"syscall/js"
)

func main() {
	cfg := config{}
	flags := flag.NewFlagSet("wasm-client", flag.ContinueOnError)
	flags.StringVar(&cfg.debugLevel, "debuglevel", "info", "log level (accepted for lnc-web; logs go to the console)")
	flags.StringVar(&cfg.namespace, "namespace", "", "the JS namespace the functions are set on")
	flags.StringVar(&cfg.onLocalPrivCreate, "onlocalprivcreate", "", "JS callback given a new local private key (hex)")
	flags.StringVar(&cfg.onRemoteKeyReceive, "onremotekeyreceive", "", "JS callback given the node's static key (hex)")
	flags.StringVar(&cfg.onAuthData, "onauthdata", "", "JS callback given the auth data the node sends")
	if err := flags.Parse(os.Args[1:]); err != nil {
		exit(err)
	}
	if cfg.namespace == "" {
		exit(fmt.Errorf("a non-empty namespace is required"))
	}

	client := newClient(cfg)
	functions := map[string]js.Func{
		"wasmClientIsReady":       js.FuncOf(client.isReady),
		"wasmClientConnectServer": js.FuncOf(client.connectServer),
		"wasmClientIsConnected":   js.FuncOf(client.isConnected),
		"wasmClientDisconnect":    js.FuncOf(client.disconnect),
		"wasmClientInvokeRPC":     js.FuncOf(client.invokeRPC),
		"wasmClientStatus":        js.FuncOf(client.status),
		"wasmClientGetExpiry":     js.FuncOf(client.getExpiry),
		"wasmClientHasPerms":      js.FuncOf(client.hasPerms),
		"wasmClientIsReadOnly":    js.FuncOf(client.isReadOnly),
		"wasmClientIsCustom":      js.FuncOf(client.isCustom),
	}

	// Keep what the page already put on the namespace (lnc-web sets its
	// callbacks there before running the client).
	ns := js.Global().Get(cfg.namespace)
	if ns.IsUndefined() || ns.IsNull() {
		ns = js.Global().Get("Object").New()
		js.Global().Set(cfg.namespace, ns)
	}
	for name, fn := range functions {
		ns.Set(name, fn)
	}

	// Run until the page goes away.
	select {}
}

func exit(err error) {
	fmt.Printf("Error running wasm client: %v\n", err)
	os.Exit(1)
}
