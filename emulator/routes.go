package emulator

import (
	"context"
	"net/http"
)

// BasePath is the prefix of every API path, as in https://api.cloudflare.com/client/v4/.
const BasePath = "/client/v4/"

// handler serves one route of an authenticated, rate-limited request. cred is what the request
// authenticated with; the scope adapters (inAccount, ...) decide whether it may go on.
type handler func(e *Emulator, w http.ResponseWriter, r *http.Request, cred credential)

// routes are the API's operations, one pattern each.
var routes = map[string]handler{
	"GET /client/v4/accounts/{account_id}/secondary_dns/tsigs":              inAccount(tsigResource.list),
	"POST /client/v4/accounts/{account_id}/secondary_dns/tsigs":             inAccount(tsigResource.create),
	"GET /client/v4/accounts/{account_id}/secondary_dns/tsigs/{tsig_id}":    inAccount(tsigResource.get),
	"PUT /client/v4/accounts/{account_id}/secondary_dns/tsigs/{tsig_id}":    inAccount(tsigResource.update),
	"DELETE /client/v4/accounts/{account_id}/secondary_dns/tsigs/{tsig_id}": inAccount(tsigResource.delete),

	"GET /client/v4/accounts/{account_id}/secondary_dns/peers":              inAccount(peerResource.list),
	"POST /client/v4/accounts/{account_id}/secondary_dns/peers":             inAccount(peerResource.create),
	"GET /client/v4/accounts/{account_id}/secondary_dns/peers/{peer_id}":    inAccount(peerResource.get),
	"PUT /client/v4/accounts/{account_id}/secondary_dns/peers/{peer_id}":    inAccount(peerResource.update),
	"DELETE /client/v4/accounts/{account_id}/secondary_dns/peers/{peer_id}": inAccount(peerResource.delete),

	"GET /client/v4/accounts/{account_id}/secondary_dns/acls":             inAccount(aclResource.list),
	"POST /client/v4/accounts/{account_id}/secondary_dns/acls":            inAccount(aclResource.create),
	"GET /client/v4/accounts/{account_id}/secondary_dns/acls/{acl_id}":    inAccount(aclResource.get),
	"PUT /client/v4/accounts/{account_id}/secondary_dns/acls/{acl_id}":    inAccount(aclResource.update),
	"DELETE /client/v4/accounts/{account_id}/secondary_dns/acls/{acl_id}": inAccount(aclResource.delete),

	"GET /client/v4/zones":              signedIn((*Emulator).listZones),
	"POST /client/v4/zones":             signedIn((*Emulator).createZone),
	"GET /client/v4/zones/{zone_id}":    inZone((*Emulator).getZone),
	"DELETE /client/v4/zones/{zone_id}": inZone((*Emulator).deleteZone),

	"GET /client/v4/zones/{zone_id}/dns_records":                    inZone((*Emulator).listRecords),
	"POST /client/v4/zones/{zone_id}/dns_records":                   recordsWritable((*Emulator).createRecord),
	"PUT /client/v4/zones/{zone_id}/dns_records/{dns_record_id}":    recordsWritable((*Emulator).replaceRecord),
	"DELETE /client/v4/zones/{zone_id}/dns_records/{dns_record_id}": recordsWritable((*Emulator).deleteRecord),

	"GET /client/v4/zones/{zone_id}/secondary_dns/incoming":    incomingConfig.in(incomingConfig.get),
	"POST /client/v4/zones/{zone_id}/secondary_dns/incoming":   incomingConfig.in(incomingConfig.post),
	"PUT /client/v4/zones/{zone_id}/secondary_dns/incoming":    incomingConfig.in(incomingConfig.put),
	"DELETE /client/v4/zones/{zone_id}/secondary_dns/incoming": incomingConfig.in(incomingConfig.delete),
	"POST /client/v4/zones/{zone_id}/secondary_dns/force_axfr": incomingConfig.in(forceAXFR.serve),

	"GET /client/v4/zones/{zone_id}/secondary_dns/outgoing":               outgoingConfig.in(outgoingConfig.get),
	"POST /client/v4/zones/{zone_id}/secondary_dns/outgoing":              outgoingConfig.in(outgoingConfig.post),
	"PUT /client/v4/zones/{zone_id}/secondary_dns/outgoing":               outgoingConfig.in(outgoingConfig.put),
	"DELETE /client/v4/zones/{zone_id}/secondary_dns/outgoing":            outgoingConfig.in(outgoingConfig.delete),
	"POST /client/v4/zones/{zone_id}/secondary_dns/outgoing/enable":       outgoingConfig.in(enableOutgoing.serve),
	"POST /client/v4/zones/{zone_id}/secondary_dns/outgoing/disable":      outgoingConfig.in(disableOutgoing.serve),
	"GET /client/v4/zones/{zone_id}/secondary_dns/outgoing/status":        outgoingConfig.in(outgoingStatus),
	"POST /client/v4/zones/{zone_id}/secondary_dns/outgoing/force_notify": outgoingConfig.in(forceNotify.serve),
}

// accountOp serves an operation under /accounts/{account_id}/.
type accountOp func(e *Emulator, w http.ResponseWriter, r *http.Request, acct string)

// inAccount lets a request through to op when its credentials may use the path's account.
func inAccount(op accountOp) handler {
	return func(e *Emulator, w http.ResponseWriter, r *http.Request, cred credential) {
		acct := r.PathValue("account_id")
		if e.checkAuth(w, cred, acct) {
			op(e, w, r, acct)
		}
	}
}

// signedInOp serves an operation whose path names no account: /zones.
type signedInOp func(e *Emulator, w http.ResponseWriter, r *http.Request)

// signedIn lets a request with accepted credentials through to op, which checks any account the
// request names.
func signedIn(op signedInOp) handler {
	return func(e *Emulator, w http.ResponseWriter, r *http.Request, cred credential) {
		if checkCredential(w, cred) {
			op(e, w, r)
		}
	}
}

// zoneOp serves an operation under /zones/{zone_id}/ on the zone found there.
type zoneOp func(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone)

// inZone lets a request through to op when the path's zone exists and its credentials may use
// the zone's account. Credentials are checked first, so that only they tell which zones exist.
func inZone(op zoneOp) handler {
	return func(e *Emulator, w http.ResponseWriter, r *http.Request, cred credential) {
		if !checkCredential(w, cred) {
			return
		}
		z, ok := e.GetZone(r.PathValue("zone_id"))
		if !ok {
			writeZoneNotFound(w, r, r.PathValue("zone_id"))
			return
		}
		if e.checkAccount(w, z.Account) {
			op(e, w, r, z)
		}
	}
}

// newMux registers every route. Its handlers reply through the dispatch in the request's
// context, never through the writer ServeMux hands them: that one is where route (see
// e.route) collects ServeMux's own replies.
func (e *Emulator) newMux() *http.ServeMux {
	mux := http.NewServeMux()
	for pattern, h := range routes {
		mux.HandleFunc(pattern, func(_ http.ResponseWriter, r *http.Request) {
			d := r.Context().Value(dispatchKey{}).(*dispatch)
			h(e, d.w, r, d.cred)
		})
	}
	return mux
}

// dispatch is what a routed handler needs beyond the request.
type dispatch struct {
	w    http.ResponseWriter
	cred credential
}

type dispatchKey struct{}

// route passes r to its handler, or answers in Cloudflare's envelope when no route matches:
// 404 for an unknown path, 405 with Allow for a known path and another method.
func (e *Emulator) route(w http.ResponseWriter, r *http.Request, cred credential) {
	var own muxReply
	ctx := context.WithValue(r.Context(), dispatchKey{}, &dispatch{w: w, cred: cred})
	e.mux.ServeHTTP(&own, r.WithContext(ctx))
	switch own.status {
	case 0: // a route's handler has replied
	case http.StatusMethodNotAllowed:
		allow := own.Header().Get("Allow")
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed,
			"Method "+r.Method+" not allowed for this route; allowed: "+allow)
	default: // 404, or a redirect to the cleaned path, which the API does not make
		writeError(w, http.StatusNotFound, codeNoRoute, "No route for the URI")
	}
}

// muxReply takes the replies ServeMux makes itself: its 404, 405 and redirects. Only the status
// and the headers matter; the plain-text body is dropped.
type muxReply struct {
	header http.Header
	status int
}

func (m *muxReply) Header() http.Header {
	if m.header == nil {
		m.header = http.Header{}
	}
	return m.header
}

func (m *muxReply) Write(b []byte) (int, error) {
	m.WriteHeader(http.StatusOK)
	return len(b), nil
}

func (m *muxReply) WriteHeader(status int) {
	if m.status == 0 {
		m.status = status
	}
}
