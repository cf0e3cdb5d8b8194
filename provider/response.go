package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6/option"
)

// maxReplyBytes bounds what is read of one reply. A list of thousands of TSIG keys fits many
// times over; a hostile or broken server cannot make the provider hold more.
const maxReplyBytes = 4 << 20

// replyError is a reply the provider cannot use: too large, cut short, not Cloudflare's JSON
// envelope, a failure dressed as success, or not the object that was asked for. The SDK would
// accept several of these silently (it ignores "success" and decodes wrong types as zero
// values), so they are caught here, before it decodes.
type replyError struct {
	StatusCode int
	Problem    string   // in the user's words; never quotes the body
	Details    []string // Cloudflare's own error messages, when it sent any
	incomplete bool     // cut short in transit: another attempt may succeed
	header     http.Header
}

func (e *replyError) Error() string {
	msg := fmt.Sprintf("Cloudflare's reply (HTTP %d) %s", e.StatusCode, e.Problem)
	if len(e.Details) > 0 {
		msg += " (" + strings.Join(e.Details, "; ") + ")"
	}
	return msg
}

// guardReplies is the SDK middleware that reads every reply within maxReplyBytes and checks
// it before the SDK decodes it.
var guardReplies = option.WithMiddleware(func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	res, err := next(req)
	if err != nil {
		return res, err
	}
	body, err := readReply(res)
	if err == nil {
		err = checkReply(req.Method, req.URL.Path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if err != nil {
		var reply *replyError
		if errors.As(err, &reply) {
			reply.header = res.Header
		}
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return res, nil
})

func readReply(res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	tooLarge := &replyError{StatusCode: res.StatusCode, Problem: fmt.Sprintf("is larger than %d MiB, far more than Cloudflare sends", maxReplyBytes>>20)}
	if res.ContentLength > maxReplyBytes {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, maxReplyBytes+1))
	switch {
	case err != nil:
		return nil, &replyError{StatusCode: res.StatusCode, Problem: "was cut short: " + err.Error(), incomplete: true}
	case len(body) > maxReplyBytes:
		return nil, tooLarge
	}
	return body, nil
}

// checkReply checks a reply against Cloudflare's envelope and, for a success, against the
// object or list the path asks for. Error replies only need to be an envelope: the SDK turns
// them into a *cloudflare.Error carrying the status and Cloudflare's messages.
func checkReply(method, path string, status int, contentType string, body []byte) error {
	fail := func(problem string) error { return &replyError{StatusCode: status, Problem: problem} }
	var envelope map[string]json.RawMessage
	if err := json.Unmarshal(body, &envelope); err != nil || envelope == nil {
		if len(bytes.TrimSpace(body)) == 0 {
			return fail("is empty")
		}
		return fail("is not Cloudflare's JSON envelope")
	}
	if status >= http.StatusBadRequest {
		var errs []json.RawMessage
		if json.Unmarshal(envelope["errors"], &errs) != nil {
			return fail("is not Cloudflare's JSON envelope (it has no list of errors)")
		}
		return nil
	}
	if status < http.StatusOK || status >= http.StatusMultipleChoices {
		return fail("has a status Cloudflare does not send here")
	}
	if mediaType, _, _ := mime.ParseMediaType(contentType); mediaType != "application/json" {
		return fail(fmt.Sprintf("has Content-Type %q, not application/json", contentType))
	}
	var success bool
	if json.Unmarshal(envelope["success"], &success) != nil {
		return fail(`has no "success" field`)
	}
	if !success {
		return &replyError{StatusCode: status, Problem: `reports a failure ("success": false)`, Details: envelopeMessages(envelope["errors"])}
	}
	result, ok := envelope["result"]
	if !ok || string(result) == "null" {
		return fail("has no result")
	}
	if err := checkResult(method, path, result); err != nil {
		return fail("holds " + err.Error())
	}
	return nil
}

// envelopeMessages reads "code N: message" from an envelope's errors, skipping what does not parse.
func envelopeMessages(raw json.RawMessage) []string {
	var errs []struct {
		Code    json.Number `json:"code"`
		Message string      `json:"message"`
	}
	if json.Unmarshal(raw, &errs) != nil {
		return nil
	}
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("code %s: %s", e.Code, e.Message))
	}
	return out
}

// replyField is a property as Cloudflare sends it.
type replyField struct {
	name     string
	kind     string // "string", "number" or "boolean"
	required bool
}

var (
	tsigFields = []replyField{
		{"id", "string", true}, {"name", "string", true}, {"algo", "string", true}, {"secret", "string", true},
	}
	peerFields = []replyField{
		{"id", "string", true}, {"name", "string", true}, {"ip", "string", false},
		{"port", "number", false}, {"ixfr_enable", "boolean", false}, {"tsig_id", "string", false},
	}
	deletedFields = []replyField{{"id", "string", true}}
)

// checkResult checks the result against what the method and path ask for.
func checkResult(method, path string, result json.RawMessage) error {
	_, rest, ok := strings.Cut(path, "/secondary_dns/")
	if !ok {
		return nil
	}
	collection, id, _ := strings.Cut(strings.Trim(rest, "/"), "/")
	var fields []replyField
	switch collection {
	case "tsigs":
		fields = tsigFields
	case "peers":
		fields = peerFields
	default:
		return nil
	}
	switch {
	case method == http.MethodDelete:
		return checkObject(result, deletedFields)
	case method == http.MethodGet && id == "":
		var list []json.RawMessage
		if err := json.Unmarshal(result, &list); err != nil {
			return errors.New("a result that is not a list")
		}
		for i, item := range list {
			if err := checkObject(item, fields); err != nil {
				return fmt.Errorf("item %d of the list: %w", i, err)
			}
		}
		return nil
	default:
		return checkObject(result, fields)
	}
}

// checkObject checks one object's fields by their exact names, as the SDK decodes them.
func checkObject(raw json.RawMessage, fields []replyField) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return errors.New("a result that is not an object")
	}
	for _, f := range fields {
		v, ok := obj[f.name]
		if !ok || string(v) == "null" {
			if f.required {
				return fmt.Errorf("an object without %q", f.name)
			}
			continue
		}
		var got any
		if err := json.Unmarshal(v, &got); err != nil {
			return fmt.Errorf("an object whose %q does not parse", f.name)
		}
		if kind := jsonKind(got); kind != f.kind {
			return fmt.Errorf("an object whose %q is a %s, not a %s", f.name, kind, f.kind)
		}
		if n, ok := got.(float64); ok && f.name == "port" && (n != math.Trunc(n) || n < 0 || n > 65535) {
			return fmt.Errorf("an object whose \"port\" is %v, not a port number", n)
		}
		if f.name == "id" && got == "" {
			return errors.New(`an object with an empty "id"`)
		}
	}
	return nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "list"
	default:
		return "object"
	}
}
