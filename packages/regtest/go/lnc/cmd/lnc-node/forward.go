package main

import (
	"errors"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// forward returns the handler of every call a session's client makes: the
// call goes to lnd as is, with the session's macaroon in place of whatever
// the client sent.
func (n *node) forward(s *session) grpc.StreamHandler {
	desc := &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}
	return func(_ any, in grpc.ServerStream) error {
		method, ok := grpc.MethodFromServerStream(in)
		if !ok {
			return status.Error(codes.Internal, "no method")
		}
		if time.Now().After(s.expiry) {
			return status.Error(codes.Unauthenticated, "LNC session expired")
		}
		ctx := metadata.NewOutgoingContext(
			in.Context(), metadata.Pairs("macaroon", s.macaroonHex),
		)
		out, err := n.lnd.NewStream(ctx, desc, method, grpc.ForceCodec(rawCodec{}))
		if err != nil {
			return err
		}

		// Client to lnd.
		go func() {
			for {
				var frame []byte
				if err := in.RecvMsg(&frame); err != nil {
					_ = out.CloseSend()
					return
				}
				if err := out.SendMsg(&frame); err != nil {
					return
				}
			}
		}()

		// lnd to client.
		first := true
		for {
			var frame []byte
			if err := out.RecvMsg(&frame); err != nil {
				in.SetTrailer(out.Trailer())
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
			if first {
				if header, err := out.Header(); err == nil {
					_ = in.SendHeader(header)
				}
				first = false
			}
			if err := in.SendMsg(&frame); err != nil {
				return err
			}
		}
	}
}
