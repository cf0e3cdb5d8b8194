package emulatortest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

func TestCreateZone(t *testing.T) {
	t.Parallel()
	clock := emulatortest.NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	srv := emulatortest.Start(t, emulator.Options{Clock: clock.Now})
	secondary := srv.CreateZone(t, "Example.net", emulator.ZoneSecondary)
	full := srv.CreateZone(t, "example.com", "")

	z, ok := srv.GetZone(secondary)
	require.True(t, ok)
	assert.Equal(t, emulator.Zone{ID: secondary, Name: "example.net", Type: "secondary", Account: srv.AccountID,
		CreatedOn: clock.Now(), ModifiedOn: clock.Now()}, z)
	z, ok = srv.GetZone(full)
	require.True(t, ok)
	assert.Equal(t, "full", z.Type)
	assert.Empty(t, srv.Requests(), "no request was made")

	// The API sees the zone.
	req, err := http.NewRequest(http.MethodGet, srv.URL+"zones/"+secondary, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	c := emulatortest.NewClock(start)
	assert.Equal(t, start, c.Now())
	assert.Equal(t, start, c.Now(), "it does not move by itself")
	c.Advance(90 * time.Second)
	assert.Equal(t, start.Add(90*time.Second), c.Now())
}

// The clock's timers fire when Advance reaches them, not before, and a stopped one never.
func TestClockTimers(t *testing.T) {
	t.Parallel()
	c := emulatortest.NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	fired := make(chan string, 3)
	c.AfterFunc(time.Minute, func() { fired <- "minute" })
	stop := c.AfterFunc(30*time.Second, func() { fired <- "stopped" })
	assert.True(t, stop(), "a timer not fired yet stops")
	c.Advance(59 * time.Second)
	select {
	case f := <-fired:
		t.Fatalf("%s fired before the clock reached it", f)
	default:
	}
	c.Advance(time.Second)
	assert.Equal(t, "minute", <-fired)
	c.Advance(time.Hour)
	select {
	case f := <-fired:
		t.Fatalf("%s fired again or after being stopped", f)
	default:
	}
}
