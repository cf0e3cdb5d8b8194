package emulator

import (
	"encoding/json"
	"net/http"
)

// Error codes in failure envelopes. 1061, 6003, 7003, 10000 and 10100 are the codes Cloudflare
// sends in these cases; the others are the emulator's own, chosen in the documented range
// (>= 1000).
const (
	codeInternal         = 1000  // the server failed (also injected 500s)
	codeInvalidJSON      = 1001  // the body is not a JSON object
	codeInvalidField     = 1002  // a field is missing or has the wrong type
	codeBodyTooLarge     = 1003  // the body is over MaxBodyBytes
	codeConflict         = 1004  // POST of a zone's transfer configuration when it has one
	codeZoneType         = 1005  // the zone's type does not allow the transfer configuration
	codeZoneExists       = 1061  // "<name> already exists": a zone of that name is in the account
	codeMissingAuth      = 6003  // "Invalid request headers": no or malformed credentials
	codeMethodNotAllowed = 7001  // the route exists, the method does not
	codeNoRoute          = 7003  // unknown route, or unknown object ID (zone IDs included)
	codeAuthentication   = 10000 // wrong credentials, or an account they may not use
	codeRateLimited      = 10100 // over the rate limit
	codeRecordExists     = 81058 // "An identical record already exists."
)

// apiError is one entry of an envelope's errors list.
type apiError struct {
	Code    int          `json:"code"`
	Message string       `json:"message"`
	Source  *errorSource `json:"source,omitempty"`
}

// errorSource points at the request field an error is about.
type errorSource struct {
	Pointer string `json:"pointer"`
}

// envelope is the shape of every API response.
type envelope struct {
	Success    bool        `json:"success"`
	Errors     []apiError  `json:"errors"`
	Messages   []apiError  `json:"messages"`
	Result     any         `json:"result"`
	ResultInfo *resultInfo `json:"result_info,omitempty"`
}

// resultInfo describes one page of a paginated list.
type resultInfo struct {
	Page       int `json:"page"`
	PerPage    int `json:"per_page"`
	Count      int `json:"count"`       // on this page
	TotalCount int `json:"total_count"` // on every page
	TotalPages int `json:"total_pages"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing left to tell it
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, envelope{Success: true, Errors: []apiError{}, Messages: []apiError{}, Result: result})
}

// paginate cuts items to one page (from 1) and says where it stands.
func paginate[T any](items []T, page, perPage int) ([]T, resultInfo) {
	from, to := min((page-1)*perPage, len(items)), min(page*perPage, len(items))
	return items[from:to], resultInfo{Page: page, PerPage: perPage, Count: to - from, TotalCount: len(items),
		TotalPages: (len(items) + perPage - 1) / perPage}
}

// writePage answers one page of a paginated list.
func writePage(w http.ResponseWriter, result any, info resultInfo) {
	writeJSON(w, http.StatusOK, envelope{Success: true, Errors: []apiError{}, Messages: []apiError{}, Result: result, ResultInfo: &info})
}

func writeFailure(w http.ResponseWriter, status int, errs ...apiError) {
	writeJSON(w, status, envelope{Success: false, Errors: errs, Messages: []apiError{}, Result: nil})
}

func writeError(w http.ResponseWriter, status, code int, message string) {
	writeFailure(w, status, apiError{Code: code, Message: message})
}
