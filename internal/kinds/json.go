package kinds

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// The API's JSON as the SDK carries it: conversions both ways that every kind needs.

// replyAs decodes a reply of one SDK type as another: the SDK has a type per call for one object
// with the same fields (New, Update, Get), and one conversion serves them all. raw is called
// only when the call succeeded.
func replyAs[T any](raw func() string, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	var out T
	if err := json.Unmarshal([]byte(raw()), &out); err != nil {
		return nil, cfapi.BadReply("holds a result that is not an object")
	}
	return &out, nil
}

// wholeNumber converts a JSON number Cloudflare sent for a count or serial, refusing a fraction
// or a negative value, which the SDK's float64 would carry silently.
func wholeNumber(field string, v float64) (int, error) {
	if v != math.Trunc(v) || v < 0 || v > math.MaxUint32 {
		return 0, cfapi.BadReply(fmt.Sprintf("holds an object whose %q is %v, not a whole number", field, v))
	}
	return int(v), nil
}
