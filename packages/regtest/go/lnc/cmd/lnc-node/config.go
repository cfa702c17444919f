package main

// config holds the command line of lnc-node.
type config struct {
	mailbox     string
	mailboxCert string
	lndRPC      string
	lndCert     string
	macaroonDir string
	listen      string
}
