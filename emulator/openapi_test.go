package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// apiDocument is one of the official API documents the emulator answers to. Its location is
// $<env>, else ../shared/cloudflare/<file> beside the repository.
type apiDocument struct {
	env, file string

	once   sync.Once
	router routers.Router // nil when the document is absent and not required
	err    error
}

// documentsOrigin tells a reader without the documents where they come from.
const documentsOrigin = "the documents are subsets of openapi.json from Cloudflare's api-schemas " +
	"repository, https://github.com/cloudflare/api-schemas: see CONTRIBUTING.md"

// apiDocuments are Cloudflare's documents for the emulated endpoints, all subsets of the
// official one. Each route is in one of them.
var apiDocuments = []*apiDocument{
	{env: "CFSECDNS_OPENAPI", file: "secondary-dns.openapi.json"},                      // TSIGs and peers
	{env: "CFSECDNS_OPENAPI_ZONE_TRANSFERS", file: "secondary-dns-zones.openapi.json"}, // ACLs, incoming, outgoing, actions
	{env: "CFSECDNS_OPENAPI_ZONES", file: "zones.openapi.json"},                        // zones
}

// locate is where the document is, and whether it must be there: when $env names it, or in CI
// (CI=true), a missing document fails the tests rather than skipping the validation, so that a
// clone without ../shared still passes its tests and CI never passes without the contract.
func (d *apiDocument) locate(getenv func(string) string, repoRoot string) (path string, required bool) {
	if p := getenv(d.env); p != "" {
		return p, true
	}
	return filepath.Join(repoRoot, "..", "shared", "cloudflare", d.file), getenv("CI") == "true"
}

// openDocument loads the document at path, adjusted for its known flaws (see adjustSpec). A document
// that is absent and not required gives a nil router and no error.
func openDocument(path string, required bool) (routers.Router, error) {
	if _, err := os.Stat(path); err != nil && !required {
		return nil, nil
	}
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	if err := adjustSpec(doc); err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
}

// load opens the document once per test run. It fails the test when the document is required
// or broken, and logs once that validation is skipped when it is absent and not required.
func (d *apiDocument) load(t testing.TB) routers.Router {
	t.Helper()
	path, required := d.locate(os.Getenv, repoRoot(t))
	d.once.Do(func() {
		d.router, d.err = openDocument(path, required)
		if d.err == nil && d.router == nil {
			t.Logf("OpenAPI validation SKIPPED for %s: no document at %s (set %s); %s",
				d.file, path, d.env, documentsOrigin)
		}
	})
	if d.err != nil {
		t.Fatalf("load the API document %s (%s): %v; %s", path, d.env, d.err, documentsOrigin)
	}
	return d.router
}

// repoRoot is the directory of go.mod above the test's directory.
func repoRoot(t testing.TB) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// documented finds req's route in whichever document has it; ok is false when none does (or
// when no document is present).
func documented(t testing.TB, req *http.Request) (route *routers.Route, params map[string]string, ok bool) {
	t.Helper()
	for _, d := range apiDocuments {
		if router := d.load(t); router != nil {
			if route, params, err := router.FindRoute(req); err == nil {
				return route, params, true
			}
		}
	}
	return nil, nil, false
}

// documentsPresent reports whether any document is there to validate against.
func documentsPresent(t testing.TB) bool {
	t.Helper()
	for _, d := range apiDocuments {
		if d.load(t) != nil {
			return true
		}
	}
	return false
}

// cloudflareServer is the documents' server; the emulator's paths match it.
const cloudflareServer = "https://api.cloudflare.com/client/v4"

// adjustSpec works around the documents' known flaws, in memory, each deliberately:
//   - The zones document names no server: it gets Cloudflare's, as the others have.
//   - Path parameters are typed only by a readOnly schema, some with no type; they are strings.
//   - DELETE declares a required JSON body that the official SDK does not send (and Cloudflare
//     does not need): the body is made optional.
//   - An operation's security may list only the legacy pair, overriding the document-wide list
//     that includes API tokens; the operations accept both, so the document-wide list applies.
//   - The 4XX schemas of the Secondary DNS documents are allOf(success envelope, failure
//     envelope), which no body satisfies (success must be true and false at once): error bodies
//     are held to the failure envelope.
//
// Two quirks need no change: request bodies that list the read-only id as required (incoming,
// outgoing) pass, as the validator does not require read-only properties in requests; and the
// action endpoints (enable, disable, force_notify, force_axfr) declare a required JSON body with
// no schema, which the SDK's {} (params with Body: struct{}{}) satisfies. Not an empty map: the
// SDK's encoder of maps shares state between concurrent calls, a data race.
func adjustSpec(doc *openapi3.T) error {
	var failure *openapi3.SchemaRef
	for name, schema := range doc.Components.Schemas {
		if strings.HasSuffix(name, "api-response-common-failure") {
			failure = schema
		}
	}
	if failure == nil {
		return fmt.Errorf("the document has no failure envelope schema")
	}
	if len(doc.Servers) == 0 {
		doc.Servers = openapi3.Servers{{URL: cloudflareServer}}
	}
	for _, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value.In == openapi3.ParameterInPath {
					p.Value.Schema = openapi3.NewStringSchema().NewRef()
				}
			}
			if method == http.MethodDelete && op.RequestBody != nil {
				op.RequestBody.Value.Required = false
			}
			op.Security = nil
			if bad := op.Responses.Value("4XX"); bad != nil {
				for _, mt := range bad.Value.Content {
					mt.Schema = failure
				}
			}
		}
	}
	return nil
}

// validatingTransport checks every request and response against the API documents: each
// request must be on a documented route. The emulator's address is swapped for the documents'
// server before matching routes.
type validatingTransport struct {
	t    testing.TB
	next http.RoundTripper
}

func (v *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	v.t.Helper()
	var reqBody []byte
	if req.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	input, err := v.validateRequest(req, reqBody)
	if err != nil {
		v.t.Errorf("request %s %s does not match the API document: %v", req.Method, req.URL.Path, err)
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil || input == nil {
		return resp, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if err := openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}); err != nil {
		v.t.Errorf("response %d to %s %s does not match the API document: %v\nbody: %s",
			resp.StatusCode, req.Method, req.URL.Path, err, respBody)
	}
	return resp, nil
}

func (v *validatingTransport) validateRequest(req *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	docReq := asDocumented(req)
	checked := withoutNulls(body)
	docReq.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(checked)), nil }
	docReq.Body, _ = docReq.GetBody()
	docReq.ContentLength = int64(len(checked))
	route, params, ok := documented(v.t, docReq)
	if !ok {
		return nil, fmt.Errorf("no document has the route %s %s", req.Method, req.URL.Path)
	}
	input := &openapi3filter.RequestValidationInput{
		Request: docReq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: presentCredentials},
	}
	return input, openapi3filter.ValidateRequest(req.Context(), input)
}

// asDocumented is req sent to the documents' server (cloudflareServer), which the emulator's
// paths match.
func asDocumented(req *http.Request) *http.Request {
	docReq := req.Clone(req.Context())
	u := *req.URL
	u.Scheme, u.Host = "https", "api.cloudflare.com"
	docReq.URL, docReq.Host = &u, u.Host
	return docReq
}

// withoutNulls drops the null members of a JSON object body. Clearing a peer field with PUT means
// sending null (see the facts page), which the document's non-nullable field schemas do not
// allow; for the API, null and absent mean the same, so the request is checked as if absent.
// Responses are held to the document as written: they omit unset fields.
func withoutNulls(body []byte) []byte {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return body
	}
	for k, v := range obj {
		if string(v) == "null" {
			delete(obj, k)
		}
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return body
	}
	return out
}

// presentCredentials checks that a request carries the credentials a security scheme names, in
// the form the scheme gives; whether they are right is the emulator's business.
func presentCredentials(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	h := in.RequestValidationInput.Request.Header
	switch {
	case s.Type == "apiKey" && s.In == "header" && h.Get(s.Name) != "":
		return nil
	case s.Type == "http" && s.Scheme == "bearer" && strings.HasPrefix(h.Get("Authorization"), "Bearer "):
		return nil
	}
	return fmt.Errorf("no credentials for %s", in.SecuritySchemeName)
}
