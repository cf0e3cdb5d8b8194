package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// reply is a decoded API response.
type reply struct {
	Status int
	Header http.Header
	Body   struct {
		Success    bool              `json:"success"`
		Errors     []replyError      `json:"errors"`
		Messages   []json.RawMessage `json:"messages"`
		Result     json.RawMessage   `json:"result"`
		ResultInfo map[string]int    `json:"result_info"`
	}
}

type replyError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Source  *struct {
		Pointer string `json:"pointer"`
	} `json:"source"`
}

// auth returns the headers of srv's token.
func auth(srv *emulatortest.Server) http.Header {
	return http.Header{"Authorization": {"Bearer " + srv.Token}}
}

// call sends a raw request (path relative to srv.URL) and decodes the envelope, which every
// reply must have. Replies on the document's routes are checked against it.
func call(t *testing.T, srv *emulatortest.Server, header http.Header, method, path, body string) reply {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var r reply
	r.Status, r.Header = resp.StatusCode, resp.Header
	require.NoError(t, json.Unmarshal(data, &r.Body), "body: %s", data)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	require.NotNil(t, r.Body.Errors, "errors must be a list: %s", data)
	require.NotNil(t, r.Body.Messages, "messages must be a list: %s", data)
	if !r.Body.Success {
		require.NotEmpty(t, r.Body.Errors, "a failure names its errors: %s", data)
		require.Equal(t, "null", string(r.Body.Result), "a failure has a null result: %s", data)
		for _, e := range r.Body.Errors {
			require.GreaterOrEqual(t, e.Code, 1000, "error codes are >= 1000: %s", data)
		}
	}
	checkReply(t, req, resp, data)
	return r
}

// checkReply validates a reply against the API documents, when present and when the request
// is on one of their routes. The request itself may be deliberately wrong, so only the reply is
// held to the document.
func checkReply(t *testing.T, req *http.Request, resp *http.Response, body []byte) {
	t.Helper()
	if resp.StatusCode >= 500 {
		return // the documents list only 200 and 4XX; call has checked a 5xx's envelope
	}
	docReq := asDocumented(req)
	route, params, ok := documented(t, docReq)
	if !ok {
		return // not a documented route or method, or no document present
	}
	err := openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: docReq, PathParams: params, Route: route},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	})
	if err != nil {
		t.Errorf("response %d to %s %s does not match the API document: %v\nbody: %s", resp.StatusCode, req.Method, req.URL.Path, err, body)
	}
}
