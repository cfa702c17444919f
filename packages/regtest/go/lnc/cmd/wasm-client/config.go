//go:build js

package main

// config is the command line lnc-web passes to the client (go.argv).
type config struct {
	debugLevel         string
	namespace          string
	onLocalPrivCreate  string
	onRemoteKeyReceive string
	onAuthData         string
}
