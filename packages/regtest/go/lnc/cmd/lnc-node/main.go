// Command lnc-node is the node side of Lightning Node Connect for the regtest
// network: it creates LNC sessions (admin or read-only) with a fresh pairing
// phrase each, meets the client through a hashmail mailbox and forwards lnd's
// gRPC calls to a real lnd node with a macaroon whose permissions match the
// session type. It plays the part litd plays in production.
//
// Control interface (loopback HTTP, address printed on stdout as one JSON
// line `{"control":"127.0.0.1:<port>"}`):
//
//	POST /sessions {"type":"admin"|"readonly","expirySeconds":n}
//	  -> {"pairingPhrase":"...","type":"admin","expiry":<unix s>}
//	GET  /health -> {"sessions":n}
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	cfg := config{}
	flag.StringVar(&cfg.mailbox, "mailbox", "", "host:port of the hashmail mailbox")
	flag.StringVar(&cfg.mailboxCert, "mailbox-tls-cert", "", "PEM cert of the mailbox (empty: skip verification)")
	flag.StringVar(&cfg.lndRPC, "lnd-rpc", "", "host:port of lnd's gRPC server")
	flag.StringVar(&cfg.lndCert, "lnd-tls-cert", "", "lnd's tls.cert")
	flag.StringVar(&cfg.macaroonDir, "macaroon-dir", "", "directory of lnd's admin.macaroon and readonly.macaroon")
	flag.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "loopback address of the control interface")
	flag.Parse()
	if cfg.mailbox == "" || cfg.lndRPC == "" || cfg.lndCert == "" || cfg.macaroonDir == "" {
		flag.Usage()
		os.Exit(2)
	}

	node, err := newNode(cfg)
	if err != nil {
		log.Fatalf("lnc-node: %v", err)
	}

	listener, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		log.Fatalf("lnc-node: control listener: %v", err)
	}
	server := &http.Server{Handler: node.controlHandler()}
	go func() {
		if err := server.Serve(listener); err != nil && err != http.ErrServerClosed {
			log.Fatalf("lnc-node: control server: %v", err)
		}
	}()
	line, _ := json.Marshal(map[string]string{"control": listener.Addr().String()})
	fmt.Println(string(line))

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	<-signals
	_ = server.Close()
	node.close()
}
