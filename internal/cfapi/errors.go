package cfapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/shared"
)

// Cloudflare error codes that call for a specific hint.
const (
	codeAuthentication    = 10000
	codeInvalidHeaders    = 6003
	codeRateLimited       = 971
	codeRateLimitedByUser = 10100
)

// Operation says what the provider was doing, in the user's words, for error messages.
type Operation struct {
	Verb    string // "creating", "reading", "updating", "deleting", "listing", "enabling", ...
	Kind    string // "Tsig", "Peers", "IncomingTransfer", ...
	Subject string // the object's name or ID, empty for a list or a zone's own configuration
	Scope   Scope
	ScopeID string // the account or zone ID
	// Permission is what a token needs for the call, when the scope does not decide it (reading
	// zones needs "Zone Read").
	Permission string
}

func (o Operation) String() string {
	var b strings.Builder
	b.WriteString(o.Verb + " " + o.Kind)
	if o.Subject != "" {
		b.WriteString(" " + o.Subject)
	}
	b.WriteString(" in " + o.Scope.String() + " " + o.ScopeID)
	return b.String()
}

// permission is what a token needs for the operation: its own Permission, else what the scope
// needs.
func (o Operation) permission() string {
	if o.Permission != "" {
		return fmt.Sprintf("%q", o.Permission)
	}
	return o.Scope.permission(o.reads())
}

func (o Operation) reads() bool { return o.Verb == "reading" || o.Verb == "listing" }

// APIError is a failed call to Cloudflare, described from the response's fields only:
// cloudflare.Error's own text holds the raw body, and its request dump holds the request body
// with the TSIG secret, so neither is ever used.
type APIError struct {
	Operation  string
	StatusCode int // 0 when no response arrived
	Details    []string
	Hint       string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Operation + ": ")
	if e.StatusCode == 0 {
		b.WriteString(strings.Join(e.Details, "; "))
	} else {
		fmt.Fprintf(&b, "Cloudflare answered %d", e.StatusCode)
		if len(e.Details) > 0 {
			b.WriteString(" (" + strings.Join(e.Details, "; ") + ")")
		}
	}
	b.WriteString(". " + e.Hint)
	return b.String()
}

// IsNotFound reports whether Cloudflare answered that the object does not exist.
func IsNotFound(err error) bool {
	var apiErr *APIError
	var cfErr *cloudflare.Error
	return (errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound) ||
		(errors.As(err, &cfErr) && cfErr.StatusCode == http.StatusNotFound)
}

// IsRefusal reports whether Cloudflare refused a request for what it asked (a 4xx other than
// for the credentials or the rate limit): the checks that explain it in the user's terms may
// then look at the zone and its peers.
func IsRefusal(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	switch s := apiErr.StatusCode; {
	case s == http.StatusUnauthorized, s == http.StatusForbidden, s == http.StatusTooManyRequests:
		return false
	default:
		return s >= http.StatusBadRequest && s < http.StatusInternalServerError
	}
}

// explain turns an error from cloudflare-go into an APIError. Every text that came from
// outside is scrubbed of the given secrets, in case Cloudflare or a proxy echoed one back.
func explain(op Operation, baseURL string, err error, secrets []string) error {
	if err == nil {
		return nil
	}
	return explainAPI(op, baseURL, err, secrets)
}

func explainAPI(op Operation, baseURL string, err error, secrets []string) *APIError {
	out := &APIError{Operation: op.String()}
	var cfErr *cloudflare.Error
	var reply *replyError
	var urlErr *url.Error
	var already *APIError
	var exists *existsError
	switch {
	case errors.As(err, &already):
		return already
	case errors.As(err, &cfErr):
		out.StatusCode = cfErr.StatusCode
		for _, e := range cfErr.Errors {
			out.Details = append(out.Details, redact(fmt.Sprintf("code %d: %s", e.Code, e.Message), secrets))
		}
		out.Hint = hint(op, cfErr.StatusCode, cfErr.Errors)
	case errors.As(err, &reply):
		out.StatusCode = reply.StatusCode
		out.Details = append(out.Details, redact("the reply "+reply.Problem, secrets))
		for _, d := range reply.Details {
			out.Details = append(out.Details, redact(d, secrets))
		}
		out.Hint = "This is not a reply Cloudflare sends: check that baseUrl (CLOUDFLARE_BASE_URL) points at " +
			"Cloudflare's API and that no proxy rewrites its replies, then run again."
		if reply.StatusCode >= http.StatusBadRequest {
			out.Hint = hint(op, reply.StatusCode, nil)
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		out.Details = []string{"the operation was cancelled or timed out"}
		out.Hint = "Run the update again; the next refresh shows what Cloudflare holds."
	case errors.As(err, &urlErr):
		out.Details = []string{redact(fmt.Sprintf("could not reach Cloudflare at %s: %v", baseURL, urlErr.Err), secrets)}
		out.Hint = "Check the network and the provider's baseUrl (CLOUDFLARE_BASE_URL), then run again."
	case errors.As(err, &exists):
		out.Details = []string{exists.Error()}
		out.Hint = exists.hint()
	default:
		out.Details = []string{redact(err.Error(), secrets)}
		out.Hint = "Run again; if it persists, report it with this message."
	}
	var stopped *gaveUp
	if errors.As(err, &stopped) && !errors.Is(err, context.Canceled) {
		out.Details = append(out.Details, stopped.reason)
	}
	return out
}

func hint(op Operation, status int, errs []shared.ErrorData) string {
	hasCode := func(codes ...int64) bool {
		for _, d := range errs {
			for _, c := range codes {
				if d.Code == c {
					return true
				}
			}
		}
		return false
	}
	switch {
	case hasCode(codeAuthentication) || status == http.StatusForbidden:
		return fmt.Sprintf("The API token needs the %s permission on %s %s "+
			"(with apiKey and email, the user needs access to that %s).", op.permission(), op.Scope, op.ScopeID, op.Scope)
	case hasCode(codeInvalidHeaders) || status == http.StatusUnauthorized:
		return "Cloudflare did not accept the credentials: check apiToken (CLOUDFLARE_API_TOKEN), " +
			"or apiKey (CLOUDFLARE_API_KEY) with email (CLOUDFLARE_EMAIL)."
	case hasCode(codeRateLimited, codeRateLimitedByUser) || status == http.StatusTooManyRequests:
		return "Cloudflare's rate limit (1,200 requests per 5 minutes per token) was reached: wait five minutes, or raise maxRetryWait, then run again."
	case status == http.StatusNotFound:
		return fmt.Sprintf("Cloudflare has no such object: check the ID and the %s ID.", op.Scope)
	case status >= http.StatusInternalServerError:
		return "Cloudflare failed on its side: run again later."
	default:
		return "Cloudflare rejected the request: correct the values it names, then run again."
	}
}

func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
