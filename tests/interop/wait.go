package interop

import (
	"context"
	"testing"
	"time"
)

// How long the harness waits for a server to do something; generous, as the machines running
// the suite may be busy. Waiting ends as soon as the thing happens.
const (
	startTimeout  = 20 * time.Second
	notifyTimeout = 20 * time.Second
	serialTimeout = 30 * time.Second
	stopTimeout   = 10 * time.Second
)

// timer fires after d, or never once the test has ended.
func timer(t testing.TB, d time.Duration) <-chan time.Time {
	tm := time.NewTimer(d)
	t.Cleanup(func() { tm.Stop() })
	return tm.C
}

// within is a context that ends after d or with the test.
func within(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
