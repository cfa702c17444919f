package main

import (
	"encoding/json"
	"net/http"
	"time"
)

type sessionRequest struct {
	Type          string `json:"type"`
	ExpirySeconds int64  `json:"expirySeconds"`
}

type sessionResponse struct {
	PairingPhrase string `json:"pairingPhrase"`
	Type          string `json:"type"`
	Expiry        int64  `json:"expiry"`
}

// controlHandler serves the loopback control interface of the harness.
func (n *node) controlHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/sessions", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		var req sessionRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, "bad JSON", http.StatusBadRequest)
			return
		}
		expiry := time.Duration(req.ExpirySeconds) * time.Second
		if expiry <= 0 {
			expiry = 24 * time.Hour
		}
		s, err := n.newSession(sessionType(req.Type), expiry)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, sessionResponse{
			PairingPhrase: s.pairingPhrase,
			Type:          string(s.kind),
			Expiry:        s.expiry.Unix(),
		})
	})
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]int{"sessions": n.count()})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
