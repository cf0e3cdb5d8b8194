package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// Zones every transfer test starts with, in the default account.
const (
	secondaryZone = "secondary.example"
	fullZone      = "full.example"
	partialZone   = "partial.example"
)

// transferHarness is a harness with one zone of each type and their IDs.
type transferHarness struct {
	*harness
	secondary, full, partial string
}

func startTransfers(t *testing.T, withFaults bool) *transferHarness {
	t.Helper()
	opts := emulator.Options{Zones: []emulator.ZoneSeed{
		{Name: secondaryZone, Type: emulator.ZoneSecondary},
		{Name: fullZone, Type: emulator.ZoneFull},
		{Name: partialZone, Type: emulator.ZonePartial},
	}}
	var h *harness
	if withFaults {
		h = startWith(t, opts, nil, &fastRetry)
	} else {
		h = start(t, opts)
	}
	zoneID := func(name string) string {
		z, ok := h.emu.ZoneByName(emulator.DemoAccountID, name)
		require.True(t, ok, name)
		return z.ID
	}
	return &transferHarness{harness: h, secondary: zoneID(secondaryZone), full: zoneID(fullZone), partial: zoneID(partialZone)}
}

// zoneRequests lists the emulator's requests as "METHOD path status", with the path after
// /client/v4/ and the zone and account IDs written {zone} and {account}.
func (h *transferHarness) zoneRequests(zoneID string) []string {
	var out []string
	for _, r := range h.emu.Requests() {
		_, path, _ := strings.Cut(r.Path, "/client/v4/")
		path = strings.ReplaceAll(path, zoneID, "{zone}")
		path = strings.ReplaceAll(path, emulator.DemoAccountID, "{account}")
		out = append(out, fmt.Sprintf("%s %s %d", r.Method, path, r.Status))
	}
	return out
}

// assertNothingWritten asserts that Cloudflare accepted no write: every request but the reads
// was refused, or reset before it was carried out.
func (h *transferHarness) assertNothingWritten(t *testing.T, what string) {
	t.Helper()
	for _, r := range h.emu.Requests() {
		if r.Method != http.MethodGet {
			assert.False(t, r.Status >= 200 && r.Status < 300, "%s: nothing is written: %s %s %d", what, r.Method, r.Path, r.Status)
		}
	}
}

// peer makes a peer in the default account, with a TSIG key when tsigID is not empty.
func (h *transferHarness) peer(name, tsigID string) string {
	p := emulator.Peer{Name: name}
	if tsigID != "" {
		p.TSIGID = &tsigID
	}
	return h.emu.PutPeer(emulator.DemoAccountID, p).ID
}

func strs(values ...string) property.Value {
	items := make([]property.Value, len(values))
	for i, v := range values {
		items[i] = str(v)
	}
	return property.New(property.NewArray(items))
}

// stamp is a time as the emulator writes it in replies, "" for an event that has not happened.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}
