package emulator

import (
	"cmp"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// FaultKind is what goes wrong with a request.
type FaultKind int

const (
	FaultRateLimit      FaultKind = iota + 1 // 429 with Retry-After (RetryAfter, default 1s)
	FaultServerError                         // 500 with a failure envelope
	FaultReset                               // connection closed without a reply; nothing changes
	FaultCommitThenDrop                      // the operation is applied, then the connection is closed with no reply
)

// Fault is a failure to inject into the requests that match it.
type Fault struct {
	Kind       FaultKind
	Method     string        // "" matches any method
	Path       string        // substring of the URL path; "" matches any
	Times      int           // 0 means 1
	RetryAfter time.Duration // FaultRateLimit only
}

func (f Fault) matches(r *http.Request) bool {
	return (f.Method == "" || strings.EqualFold(f.Method, r.Method)) && strings.Contains(r.URL.Path, f.Path)
}

// faults holds the queued faults; the first match applies.
type faults struct {
	mu     sync.Mutex
	queued []Fault
	rate   float64
}

// InjectFault queues f: it applies to the next f.Times requests that match it, before anything
// else (authentication and rate limiting included) looks at them.
func (e *Emulator) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	e.faults.queued = append(e.faults.queued, f)
}

// next returns the fault for r, if any: a queued one first, else a random one at the fault rate.
func (fs *faults) next(r *http.Request) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i := range fs.queued {
		f := &fs.queued[i]
		if !f.matches(r) {
			continue
		}
		out := *f
		if f.Times--; f.Times == 0 {
			fs.queued = append(fs.queued[:i], fs.queued[i+1:]...)
		}
		return out, true
	}
	// Random faults stand for an unreliable network, so math/rand's speed matters more than
	// unpredictability.
	if fs.rate > 0 && rand.Float64() < fs.rate {
		if rand.IntN(2) == 0 {
			return Fault{Kind: FaultServerError}, true
		}
		return Fault{Kind: FaultReset}, true
	}
	return Fault{}, false
}

// fail answers r with fault. Replies go through sw, which records the status for the request
// log; a dropped connection goes through w, the connection's own writer.
func (e *Emulator) fail(w http.ResponseWriter, sw *statusWriter, r *http.Request, fault Fault, record func()) {
	switch fault.Kind {
	case FaultRateLimit:
		retry := cmp.Or(fault.RetryAfter, time.Second)
		e.limiter.setHeaders(sw.Header(), quota{reset: retry})
		writeRateLimited(sw, retry)
	case FaultServerError:
		q := e.limiter.unused()
		if cred := e.authenticate(r); cred.status == credentialAccepted {
			q = e.limiter.peek(cred.key, e.opts.Clock()) // the request never got far enough to count
		}
		e.limiter.setHeaders(sw.Header(), q)
		writeError(sw, http.StatusInternalServerError, codeInternal, "Internal server error")
	case FaultCommitThenDrop:
		e.serve(discardWriter{header: http.Header{}}, r)
		record()
		dropConnection(w)
	default:
		record()
		dropConnection(w)
	}
}

// discardWriter takes a reply that will never be sent.
type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

// dropConnection closes the client's connection without a reply, with a TCP reset where it can.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // a reset rather than an orderly close
			}
			_ = conn.Close()
			return
		}
	}
	// HTTP/2 and recorders cannot be hijacked; this panic makes net/http abort the reply.
	panic(http.ErrAbortHandler)
}
