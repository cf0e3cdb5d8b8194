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

// ZoneActions counts the zone-transfer actions a zone received and carried out.
type ZoneActions struct {
	ForceAXFR, ForceNotify, Enable, Disable int
}

// observations is the request log and the counters.
type observations struct {
	mu       sync.Mutex
	log      []Request
	stats    Stats
	inFlight int64
	actions  map[string]*ZoneActions // by zone ID
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

// zoneAction counts one action carried out on a zone.
func (o *observations) zoneAction(zoneID string, count func(*ZoneActions)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.actions == nil {
		o.actions = map[string]*ZoneActions{}
	}
	if o.actions[zoneID] == nil {
		o.actions[zoneID] = &ZoneActions{}
	}
	count(o.actions[zoneID])
}

// ZoneActions returns how many zone-transfer actions the zone received and carried out:
// refused ones (no configuration, wrong zone type) do not count; see Requests for every call.
func (e *Emulator) ZoneActions(zoneID string) ZoneActions {
	e.obs.mu.Lock()
	defer e.obs.mu.Unlock()
	if a := e.obs.actions[zoneID]; a != nil {
		return *a
	}
	return ZoneActions{}
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

// ResetObservations clears the request log and the counters, zone actions included. Requests in flight still count
// towards MaxInFlight.
func (e *Emulator) ResetObservations() {
	e.obs.mu.Lock()
	defer e.obs.mu.Unlock()
	e.obs.log = nil
	e.obs.stats = Stats{MaxInFlight: e.obs.inFlight}
	e.obs.actions = nil
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
