//go:build js

package main

import (
	"fmt"
	"regexp"
	"syscall/js"

	"github.com/lightningnetwork/lnd/lnrpc"
	"google.golang.org/protobuf/proto"
	"gopkg.in/macaroon-bakery.v2/bakery"
	"gopkg.in/macaroon-bakery.v2/bakery/checkers"
	"gopkg.in/macaroon.v2"
)

// op is one macaroon permission: an entity and an action on it.
type op struct{ entity, action string }

// customURIEntity is lnd's entity of a permission on one URI ("uri").
const customURIEntity = "uri"

var jsonNameRegex = regexp.MustCompile(`(\w+)\.(\w+)\.(\w+)`)

// getExpiry returns the session's expiry (unix seconds) from the macaroon's
// time-before caveat, or null.
func (c *client) getExpiry(js.Value, []js.Value) any {
	mac := c.macaroon()
	if mac == nil {
		return nil
	}
	expiry, found := checkers.ExpiryTime(nil, mac.Caveats())
	if !found {
		return nil
	}
	return js.ValueOf(expiry.Unix())
}

// isReadOnly is true when every permission of the session is a read.
func (c *client) isReadOnly(js.Value, []js.Value) any {
	ops, ok := c.ops()
	if !ok {
		return js.ValueOf(false)
	}
	for _, o := range ops {
		for _, action := range o.Actions {
			if action != "read" {
				return js.ValueOf(false)
			}
		}
	}
	return js.ValueOf(true)
}

// isCustom is true when the session grants single URIs.
func (c *client) isCustom(js.Value, []js.Value) any {
	ops, ok := c.ops()
	if !ok {
		return js.ValueOf(false)
	}
	for _, o := range ops {
		if o.Entity == customURIEntity {
			return js.ValueOf(true)
		}
	}
	return js.ValueOf(false)
}

// hasPerms("lnrpc.Lightning.GetInfo") is true when the session's macaroon
// holds every permission lnd requires for that call.
func (c *client) hasPerms(_ js.Value, args []js.Value) any {
	if len(args) != 1 {
		return js.ValueOf(false)
	}
	ops, ok := c.ops()
	if !ok {
		return js.ValueOf(false)
	}
	uri := jsonNameRegex.ReplaceAllString(args[0].String(), "/$1.$2/$3")
	required, known := requiredPermissions[uri]
	if !known {
		return js.ValueOf(false)
	}
	granted := make(map[op]bool)
	for _, o := range ops {
		for _, action := range o.Actions {
			if o.Entity == customURIEntity && action == uri {
				return js.ValueOf(true)
			}
			granted[op{o.Entity, action}] = true
		}
	}
	for _, need := range required {
		if !granted[need] {
			return js.ValueOf(false)
		}
	}
	return js.ValueOf(true)
}

func (c *client) macaroon() *macaroon.Macaroon {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mac
}

// ops reads the permissions lnd encodes in a macaroon's identifier.
func (c *client) ops() ([]*lnrpc.Op, bool) {
	mac := c.macaroon()
	if mac == nil {
		return nil, false
	}
	ops, err := macaroonOps(mac)
	if err != nil {
		fmt.Printf("could not read the macaroon's permissions: %v\n", err)
		return nil, false
	}
	return ops, true
}

func macaroonOps(mac *macaroon.Macaroon) ([]*lnrpc.Op, error) {
	raw := mac.Id()
	if len(raw) == 0 || raw[0] != byte(bakery.LatestVersion) {
		return nil, fmt.Errorf("invalid macaroon version")
	}
	id := &lnrpc.MacaroonId{}
	if err := proto.Unmarshal(raw[1:], id); err != nil {
		return nil, fmt.Errorf("unable to decode macaroon: %v", err)
	}
	return id.Ops, nil
}
