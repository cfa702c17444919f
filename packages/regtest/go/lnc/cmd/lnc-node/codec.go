package main

import "fmt"

// rawCodec passes gRPC messages through as bytes, so that lnc-node forwards
// any of lnd's calls without knowing its types.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	frame, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return *frame, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	frame, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*frame = append((*frame)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }
