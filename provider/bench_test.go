package provider

import (
	"fmt"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// The provider's operations in process, against the emulator with no added latency and no rate
// limit: what they cost the provider, and how many requests each makes (requests/op).

// benchProvider is a configured provider in front of emu.
func benchProvider(b *testing.B, emu *emulatortest.Server) integration.Server {
	b.Helper()
	prov, err := New()
	if err != nil {
		b.Fatal(err)
	}
	srv, err := integration.NewServer(b.Context(), Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	if err != nil {
		b.Fatal(err)
	}
	checked, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(map[string]property.Value{
		"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL),
	})})
	if err != nil || len(checked.Failures) > 0 {
		b.Fatal(err, checked.Failures)
	}
	if err := srv.Configure(p.ConfigureRequest{Args: checked.Inputs}); err != nil {
		b.Fatal(err)
	}
	return srv
}

func benchEmulator(b *testing.B) *emulatortest.Server {
	return emulatortest.Start(b, emulator.Options{RateLimit: 1 << 30})
}

func reportRequests(b *testing.B, emu *emulatortest.Server) {
	b.ReportMetric(float64(emu.Stats().Requests)/float64(b.N), "requests/op")
}

func benchCreate(b *testing.B, srv integration.Server, typ, name string, inputs map[string]property.Value) p.CreateResponse {
	checked, err := srv.Check(p.CheckRequest{Urn: urn(typ, name), Inputs: property.NewMap(inputs)})
	if err != nil || len(checked.Failures) > 0 {
		b.Fatal(err, checked.Failures)
	}
	created, err := srv.Create(p.CreateRequest{Urn: urn(typ, name), Properties: checked.Inputs})
	if err != nil {
		b.Fatal(err)
	}
	return created
}

func BenchmarkTsigCreate(b *testing.B) {
	emu := benchEmulator(b)
	srv := benchProvider(b, emu)
	emu.ResetObservations()
	for i := 0; b.Loop(); i++ {
		created := benchCreate(b, srv, tsigType, "k", map[string]property.Value{"name": str(fmt.Sprintf("k%d.example.", i)), "algo": str("hmac-sha512.")})
		b.StopTimer()
		emu.DeleteTSIG(emu.AccountID, created.ID) // keep the account's listing the same size
		b.StartTimer()
	}
	reportRequests(b, emu)
}

func BenchmarkPeerCreate(b *testing.B) {
	emu := benchEmulator(b)
	srv := benchProvider(b, emu)
	key := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "k.example.", Algo: "hmac-sha512.", Secret: testSecret})
	emu.ResetObservations()
	for i := 0; b.Loop(); i++ {
		created := benchCreate(b, srv, peerType, "p", map[string]property.Value{
			"name": str(fmt.Sprintf("p%d", i)), "ip": str("192.0.2.53"), "port": num(53), "ixfrEnable": boolean(true), "tsigId": str(key.ID),
		})
		b.StopTimer()
		emu.DeletePeer(emu.AccountID, created.ID) // keep the account's listing the same size
		b.StartTimer()
	}
	reportRequests(b, emu)
}

// BenchmarkRefresh100 refreshes 50 keys and 50 peers, all at once as the engine does, each
// time with a newly started provider, as each `pulumi refresh` has.
func BenchmarkRefresh100(b *testing.B) {
	emu := benchEmulator(b)
	type object struct {
		typ, id string
		state   property.Map
	}
	var objects []object
	for i := range 50 {
		k := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: fmt.Sprintf("k%d.example.", i), Algo: "hmac-sha512.", Secret: testSecret})
		objects = append(objects, object{tsigType, k.ID, property.NewMap(map[string]property.Value{
			"accountId": str(emu.AccountID), "name": str(k.Name), "algo": str(k.Algo), "secret": secret(k.Secret),
		})})
		pr := emu.PutPeer(emu.AccountID, emulator.Peer{Name: fmt.Sprintf("p%d", i)})
		objects = append(objects, object{peerType, pr.ID, property.NewMap(map[string]property.Value{
			"accountId": str(emu.AccountID), "name": str(pr.Name),
		})})
	}
	var requests int64
	for b.Loop() {
		b.StopTimer()
		srv := benchProvider(b, emu)
		before := emu.Stats().Requests
		b.StartTimer()
		var wg sync.WaitGroup
		for _, o := range objects {
			wg.Go(func() {
				if _, err := srv.Read(p.ReadRequest{ID: o.id, Urn: urn(o.typ, o.id), Properties: o.state}); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		requests += emu.Stats().Requests - before
	}
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
}

// BenchmarkNoOpDiff is what a no-op `up` asks of the provider for one resource.
func BenchmarkNoOpDiff(b *testing.B) {
	emu := benchEmulator(b)
	srv := benchProvider(b, emu)
	inputs := map[string]property.Value{"name": str("k.example."), "algo": str("hmac-sha512."), "secret": secret(testSecret)}
	created := benchCreate(b, srv, tsigType, "k", inputs)
	emu.ResetObservations()
	for b.Loop() {
		checked, err := srv.Check(p.CheckRequest{Urn: urn(tsigType, "k"), Inputs: property.NewMap(inputs)})
		if err != nil {
			b.Fatal(err)
		}
		diff, err := srv.Diff(p.DiffRequest{ID: created.ID, Urn: urn(tsigType, "k"), State: created.Properties, Inputs: checked.Inputs})
		if err != nil || diff.HasChanges {
			b.Fatal(err, diff)
		}
	}
	reportRequests(b, emu)
}

// BenchmarkRefreshTransfers refreshes 25 incoming and 25 outgoing configurations, all at once
// as the engine does, each time with a newly started provider. Each zone is read on its own:
// one GET per incoming configuration, a GET and a status GET per outgoing one. That floor,
// 75 requests, is also the most it may make.
func BenchmarkRefreshTransfers(b *testing.B) {
	const zones = 25
	emu := benchEmulator(b)
	type object struct {
		typ, id string
		state   property.Map
	}
	var objects []object
	for i := range zones {
		in := emu.CreateZone(b, fmt.Sprintf("in%d.example", i), emulator.ZoneSecondary)
		emu.PutIncoming(in, emulator.Incoming{Name: fmt.Sprintf("in%d.example.", i), Peers: []string{}, AutoRefreshSeconds: 86400})
		objects = append(objects, object{incomingType, in, property.NewMap(map[string]property.Value{
			"zoneId": str(in), "name": str(fmt.Sprintf("in%d.example.", i)), "peers": strs(), "autoRefreshSeconds": num(86400),
		})})
		out := emu.CreateZone(b, fmt.Sprintf("out%d.example", i), emulator.ZoneFull)
		emu.PutOutgoing(out, emulator.Outgoing{Name: fmt.Sprintf("out%d.example.", i), Peers: []string{}, Enabled: true})
		objects = append(objects, object{outgoingType, out, property.NewMap(map[string]property.Value{
			"zoneId": str(out), "name": str(fmt.Sprintf("out%d.example.", i)), "peers": strs(), "enabled": boolean(true),
		})})
	}
	var requests int64
	for b.Loop() {
		b.StopTimer()
		srv := benchProvider(b, emu)
		before := emu.Stats().Requests
		b.StartTimer()
		var wg sync.WaitGroup
		for _, o := range objects {
			wg.Go(func() {
				if _, err := srv.Read(p.ReadRequest{ID: o.id, Urn: urn(o.typ, o.id), Properties: o.state}); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		made := emu.Stats().Requests - before
		if made > 3*zones {
			b.Fatalf("a refresh of %d incoming and %d outgoing configurations made %d requests, more than the floor of %d", zones, zones, made, 3*zones)
		}
		requests += made
	}
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
}
