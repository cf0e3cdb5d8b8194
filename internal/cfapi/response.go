package cfapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

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
	Problem    string        // in the user's words; never quotes the body
	Details    []string      // Cloudflare's own error messages, when it sent any
	incomplete bool          // cut short in transit: another attempt may succeed
	retryAfter time.Duration // what the reply asked to wait before another attempt
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
		err = checkReply(res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if err != nil {
		var reply *replyError
		if errors.As(err, &reply) {
			reply.retryAfter, _ = retryAfter(res.Header, time.Now())
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

// checkReply checks a reply against Cloudflare's envelope; the result itself is checked where
// it is converted (CheckDecoded). Error replies only need to be an envelope: the SDK turns them
// into a *cloudflare.Error carrying the status and Cloudflare's messages.
func checkReply(status int, contentType string, body []byte) error {
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
	if result, ok := envelope["result"]; !ok || string(result) == "null" {
		return fail("has no result")
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

// BadReply is a success reply whose result the provider cannot use; problem is in the user's
// words and never quotes the body. A create that gets one reconciles, as after a lost reply.
func BadReply(problem string) error {
	return &replyError{StatusCode: http.StatusOK, Problem: problem}
}

// metadata is the SDK's record of how one field of a reply decoded.
type metadata interface {
	Raw() string
}

// CheckDecoded checks an object the SDK decoded against the SDK's own description of it: every
// field the SDK marks required (api:"required", unless nullable), and every name in
// alsoRequired, must be present and not null, and every field present must have the JSON type
// the SDK's field has. The SDK would otherwise hand over zero values silently, or convert a
// number into a string. The object is read as Cloudflare sent it, so that a name given twice
// cannot mean one thing here and another to the SDK.
func CheckDecoded(obj any, alsoRequired ...string) error {
	v := reflect.Indirect(reflect.ValueOf(obj))
	if v.Kind() != reflect.Struct {
		return BadReply("holds a result that is not an object")
	}
	meta := v.FieldByName("JSON")
	whole, ok := meta.Interface().(interface{ RawJSON() string })
	if !meta.IsValid() || !ok {
		return BadReply("holds a result that is not an object")
	}
	var sent map[string]json.RawMessage
	if err := json.Unmarshal([]byte(whole.RawJSON()), &sent); err != nil || sent == nil {
		return BadReply("holds a result that is not an object")
	}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		field := meta.FieldByName(f.Name)
		if name == "" || name == "-" || !field.IsValid() {
			continue
		}
		decoded, ok := field.Interface().(metadata)
		if !ok {
			continue
		}
		if err := checkField(name, f, sent[name], decoded, slices.Contains(alsoRequired, name)); err != nil {
			return BadReply("holds " + err.Error())
		}
	}
	return nil
}

func checkField(name string, f reflect.StructField, raw json.RawMessage, decoded metadata, alsoRequired bool) error {
	api := f.Tag.Get("api")
	required := alsoRequired || (strings.Contains(api, "required") && !strings.Contains(api, "nullable"))
	if raw == nil || string(raw) == "null" {
		if required {
			return fmt.Errorf("an object without %q", name)
		}
		return nil
	}
	var got any
	if err := json.Unmarshal(raw, &got); err != nil {
		return fmt.Errorf("an object whose %q does not parse", name)
	}
	if want := jsonKindOf(f.Type); jsonKind(got) != want {
		return fmt.Errorf("an object whose %q is a %s, not a %s", name, jsonKind(got), want)
	}
	if decoded.Raw() != string(raw) {
		return fmt.Errorf("an object that gives %q more than once", name)
	}
	if name == "id" && got == "" {
		return errors.New(`an object with an empty "id"`)
	}
	return nil
}

// jsonKindOf names the JSON type a Go field decodes from.
func jsonKindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "list"
	default:
		return "object"
	}
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
