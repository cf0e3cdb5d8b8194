package interop

import (
	"context"
	"fmt"
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

// poll calls try until it succeeds or ctx ends, backing off from 5 ms to 200 ms between tries;
// when ctx ends it returns try's last error.
func poll(ctx context.Context, try func(context.Context) error) error {
	wait := 5 * time.Millisecond
	for {
		err := try(ctx)
		if err == nil {
			return nil
		}
		backoff := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			backoff.Stop()
			return fmt.Errorf("%w; last attempt: %w", ctx.Err(), err)
		case <-backoff.C:
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

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

// WaitSerial asks the DNS server at addr for the zone's SOA until it answers with serial want,
// or ctx ends; the error then says what the server answered last.
func WaitSerial(ctx context.Context, addr, zone string, want uint32) error {
	return poll(ctx, func(ctx context.Context) error {
		soa, err := SOA(ctx, addr, zone)
		if err == nil && soa.Serial != want {
			err = fmt.Errorf("serial %d", soa.Serial)
		}
		return err
	})
}
