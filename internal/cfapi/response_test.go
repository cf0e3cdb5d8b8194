package cfapi

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless is a body that never ends, counting what is read of it.
type endless struct{ read atomic.Int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

func (e *endless) Close() error { return nil }

// However large the reply, at most maxReplyBytes and one more byte are read.
func TestReplyReadingIsBounded(t *testing.T) {
	t.Parallel()
	body := &endless{}
	_, err := readReply(&http.Response{StatusCode: http.StatusOK, ContentLength: -1, Body: body})
	require.Error(t, err)
	assert.Equal(t, "Cloudflare's reply (HTTP 200) is larger than 4 MiB, far more than Cloudflare sends", err.Error())
	assert.LessOrEqual(t, body.read.Load(), int64(maxReplyBytes+64<<10), "read "+strconv.FormatInt(body.read.Load(), 10))

	declared := &endless{}
	_, err = readReply(&http.Response{StatusCode: http.StatusOK, ContentLength: 10 << 20, Body: declared})
	require.Error(t, err)
	assert.Zero(t, declared.read.Load(), "a declared length over the cap is refused before reading")
}
