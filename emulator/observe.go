package emulator

import (
	"net/http"
	"sync"
)

// Request is one entry of the request log.
type Request struct {
	Method, Path string // Path without query, e.g. /client/v4/accounts/<acct>/secondary_dns/tsigs
	Status       int    // 0 when the connection was reset / reply dropped
}

// Stats are counters over every request, failed and faulted ones included.
type Stats struct{ Requests, RateLimited, MaxInFlight int64 }

// observations is the request log and the counters.
type observations struct {
	mu       sync.Mutex
	log      []Request
	stats    Stats
	inFlight int64
}

func (o *observations) begin() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stats.Requests++
	o.inFlight++
	o.stats.MaxInFlight = max(o.stats.MaxInFlight, o.inFlight)
}

func (o *observations) end(r Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.inFlight--
	o.log = append(o.log, r)
	if r.Status == http.StatusTooManyRequests {
		o.stats.RateLimited++
	}
}

// Requests returns every request served so far, in the order they finished.
func (e *Emulator) Requests() []Request {
	e.obs.mu.Lock()
	defer e.obs.mu.Unlock()
	return append([]Request(nil), e.obs.log...)
}

// Stats returns the counters.
func (e *Emulator) Stats() Stats {
	e.obs.mu.Lock()
	defer e.obs.mu.Unlock()
	return e.obs.stats
}

// ResetObservations clears the request log and the counters. Requests in flight still count
// towards MaxInFlight.
func (e *Emulator) ResetObservations() {
	e.obs.mu.Lock()
	defer e.obs.mu.Unlock()
	e.obs.log = nil
	e.obs.stats = Stats{MaxInFlight: e.obs.inFlight}
}

// statusWriter remembers the status written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
