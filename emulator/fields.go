package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// MaxBodyBytes is the largest request body the emulator reads; larger bodies get 413.
const MaxBodyBytes = 1 << 20

// fieldError is a 400 about one field of the request body.
type fieldError struct{ field, problem string }

func (e *fieldError) Error() string { return e.field + ": " + e.problem }

// object is a decoded JSON request body whose fields are read one by one, so that each wrong
// field can be reported by name.
type object map[string]json.RawMessage

// readObject reads the request body as a JSON object. It writes the failure response itself and
// returns false when the body is too large or not a JSON object.
func readObject(w http.ResponseWriter, r *http.Request) (object, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeError(w, http.StatusRequestEntityTooLarge, codeBodyTooLarge,
			fmt.Sprintf("request body is larger than %d bytes", MaxBodyBytes))
		return nil, false
	}
	var obj object
	if err == nil {
		err = json.Unmarshal(body, &obj)
	}
	if err != nil || obj == nil {
		writeError(w, http.StatusBadRequest, codeInvalidJSON, "request body must be a JSON object")
		return nil, false
	}
	return obj, true
}

// requiredString returns a field that must be a non-empty string.
func (o object) requiredString(field string) (string, error) {
	raw, ok := o[field]
	if !ok || isNull(raw) {
		return "", &fieldError{field, "is required (a non-empty string)"}
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", &fieldError{field, "must be a string"}
	}
	if s == "" {
		return "", &fieldError{field, "must not be empty"}
	}
	return s, nil
}

// optional returns a field that may be absent or null (both meaning unset) or a T.
func optional[T any](o object, field, want string) (*T, error) {
	raw, ok := o[field]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var v T
	if json.Unmarshal(raw, &v) != nil {
		return nil, &fieldError{field, "must be " + want + " or null"}
	}
	return &v, nil
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// fields reads a body's fields one by one and keeps each field's error, so that the answer
// names every wrong field.
type fields struct {
	obj  object
	errs []error
}

// readBody reads the request body as an object and makes a T of its fields with read; on a
// bad body or field it has answered and returns false.
func readBody[T any](w http.ResponseWriter, r *http.Request, read func(f *fields) T) (T, bool) {
	obj, ok := readObject(w, r)
	if !ok {
		var zero T
		return zero, false
	}
	f := &fields{obj: obj}
	v := read(f)
	return v, !fieldErrors(w, f.errs...)
}

// add keeps a field's error; nil is none.
func (f *fields) add(err error) { f.errs = append(f.errs, err) }

// string returns a field that must be a non-empty string ("" when it is not).
func (f *fields) string(field string) string {
	s, err := f.obj.requiredString(field)
	f.add(err)
	return s
}

// optionalField returns a field that may be absent or null (both meaning unset) or a T.
func optionalField[T any](f *fields, field, want string) *T {
	v, err := optional[T](f.obj, field, want)
	f.add(err)
	return v
}

// fieldErrors answers 400 with one entry per failed field and reports whether there was any.
func fieldErrors(w http.ResponseWriter, errs ...error) bool {
	var list []apiError
	for _, err := range errs {
		var fe *fieldError
		if errors.As(err, &fe) {
			list = append(list, apiError{Code: codeInvalidField, Message: fe.Error(), Source: &errorSource{Pointer: "/" + fe.field}})
		}
	}
	if len(list) == 0 {
		return false
	}
	writeFailure(w, http.StatusBadRequest, list...)
	return true
}
