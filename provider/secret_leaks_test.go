package provider

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration/fake"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/sig"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	comProvider "github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	rpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// chattyRetry retries at once and reports every wait as a status message, so that every
// logging path runs.
var chattyRetry = cfapi.RetryPolicy{MaxAttempts: 10, MaxWait: cfapi.DefaultMaxRetryWait, TellAfter: 0}

// loggedProvider serves the provider over gRPC, as the engine runs it, with a fake engine that
// records every log and status message the provider sends, at every severity.
func loggedProvider(t *testing.T) (context.Context, rpc.ResourceProviderServer, *fake.EngineServer) {
	t.Helper()
	ctx := context.WithValue(t.Context(), clientTuningKey{}, clientTuning{retry: chattyRetry, clock: cfapi.RealClock})
	engine := fake.NewEngineServer()
	addr, _, err := fake.StartEngineServer(ctx, engine)
	require.NoError(t, err)
	host, err := comProvider.NewHostClient(addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = host.Close() })
	prov, err := New()
	require.NoError(t, err)
	srv, err := p.RawServer(Name, "1.0.0", prov)(host)
	require.NoError(t, err)
	return ctx, srv, engine
}

// The TSIG secret, the API token and the API key appear in no log message, status message or
// error, whatever path runs: create, update, refresh, import, functions and delete, each
// through lost replies, server errors and rate limits; and in the state only as secrets.
func TestSecretsStayOutOfLogsAndErrors(t *testing.T) {
	t.Parallel()
	const token, key = "wire-token-5d0c3e27", "wire-key-81fa6b40"
	tests := []struct {
		name   string
		opts   emulator.Options
		config map[string]property.Value
		leaks  []string
	}{
		{"API token", emulator.Options{Tokens: []string{token}},
			map[string]property.Value{"apiToken": secret(token)}, []string{token, testSecret, otherSecret}},
		{"API key", emulator.Options{Email: "ops@example.com", Key: key},
			map[string]property.Value{"apiKey": secret(key), "email": str("ops@example.com")}, []string{key, testSecret, otherSecret}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			emu := emulatortest.Start(t, tt.opts)
			ctx, srv, engine := loggedProvider(t)
			var texts []string // every error and every plain value the engine received

			config := map[string]property.Value{"accountId": str(emu.AccountID), "baseUrl": str(emu.URL)}
			for k, v := range tt.config {
				config[k] = v
			}
			checked, err := srv.CheckConfig(ctx, &rpc.CheckRequest{Urn: string(providerURN()), News: toStruct(t, property.NewMap(config))})
			require.NoError(t, err)
			for k := range tt.config {
				if k != "email" {
					assertWireSecret(t, checked.GetInputs(), k, tt.config[k].AsString())
				}
			}
			_, err = srv.Configure(ctx, &rpc.ConfigureRequest{Args: checked.GetInputs()})
			require.NoError(t, err)
			typeURN := string(urn(tsigType, "key"))

			// Create: the listing fails once, the POST's reply is lost after the commit.
			emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodGet})
			emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
			inputs := toStruct(t, property.NewMap(tsigInputs("key.example.")))
			checkedKey, err := srv.Check(ctx, &rpc.CheckRequest{Urn: typeURN, News: inputs})
			require.NoError(t, err)
			created, err := srv.Create(ctx, &rpc.CreateRequest{Urn: typeURN, Properties: checkedKey.GetInputs()})
			require.NoError(t, err)
			assertWireSecret(t, created.GetProperties(), "secret", testSecret)

			// Update: rate limited, then the reply is lost after the commit.
			emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodPut, RetryAfter: time.Millisecond})
			emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPut})
			next := tsigInputs("key.example.")
			next["secret"] = secret(otherSecret)
			checkedNext, err := srv.Check(ctx, &rpc.CheckRequest{Urn: typeURN, News: toStruct(t, property.NewMap(next))})
			require.NoError(t, err)
			updated, err := srv.Update(ctx, &rpc.UpdateRequest{Id: created.GetId(), Urn: typeURN, Olds: created.GetProperties(), News: checkedNext.GetInputs()})
			require.NoError(t, err)
			assertWireSecret(t, updated.GetProperties(), "secret", otherSecret)

			// Refresh and import, each after a lost connection.
			emu.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: http.MethodGet, Times: 2})
			refreshed, err := srv.Read(ctx, &rpc.ReadRequest{Id: created.GetId(), Urn: typeURN, Properties: updated.GetProperties(), Inputs: checkedNext.GetInputs()})
			require.NoError(t, err)
			assertWireSecret(t, refreshed.GetProperties(), "secret", otherSecret)
			imported, err := srv.Read(ctx, &rpc.ReadRequest{Id: emu.AccountID + "/" + created.GetId(), Urn: typeURN})
			require.NoError(t, err)
			assertWireSecret(t, imported.GetProperties(), "secret", otherSecret)
			assert.NotContains(t, imported.GetInputs().GetFields(), "secret", "an imported secret is state only")

			// Functions, after a server error each.
			emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodGet, Times: 2})
			got, err := srv.Invoke(ctx, &rpc.InvokeRequest{Tok: "cloudflare-secondary-dns:index:getTsig",
				Args: toStruct(t, property.NewMap(map[string]property.Value{"tsigId": str(created.GetId())}))})
			require.NoError(t, err)
			assertWireSecret(t, got.GetReturn(), "secret", otherSecret)
			list, err := srv.Invoke(ctx, &rpc.InvokeRequest{Tok: "cloudflare-secondary-dns:index:listTsigs", Args: toStruct(t, property.Map{})})
			require.NoError(t, err)
			assertWireSecret(t, list.GetReturn().GetFields()["tsigs"].GetListValue().GetValues()[0].GetStructValue(), "secret", otherSecret)

			// Failures: a create that keeps failing, and an update of a key deleted meanwhile.
			emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodPost, Times: 20})
			_, err = srv.Create(ctx, &rpc.CreateRequest{Urn: string(urn(tsigType, "other")), Properties: checkedNext.GetInputs()})
			require.Error(t, err)
			texts = append(texts, err.Error())
			emu.DeleteTSIG(emu.AccountID, created.GetId())
			_, err = srv.Update(ctx, &rpc.UpdateRequest{Id: created.GetId(), Urn: typeURN, Olds: updated.GetProperties(), News: checkedKey.GetInputs()})
			require.Error(t, err)
			texts = append(texts, err.Error())
			_, err = srv.Delete(ctx, &rpc.DeleteRequest{Id: created.GetId(), Urn: typeURN, Properties: updated.GetProperties()})
			require.NoError(t, err)

			var statuses, infos int
			for _, l := range engine.Logs() {
				texts = append(texts, l.GetMessage())
				if l.GetEphemeral() && strings.Contains(l.GetMessage(), "trying again") {
					statuses++
				}
				if strings.Contains(l.GetMessage(), "adopted it") {
					infos++
				}
			}
			// The capture works: the retries and the adoption were reported.
			assert.GreaterOrEqual(t, statuses, 8, "status messages for the retries")
			assert.Equal(t, 1, infos, "the adoption is logged")
			for _, text := range texts {
				for _, leak := range tt.leaks {
					assert.NotContains(t, text, leak)
				}
			}
			plain := []*structpb.Struct{created.GetProperties(), updated.GetProperties(), refreshed.GetProperties(), imported.GetProperties(),
				imported.GetInputs(), got.GetReturn(), list.GetReturn(), checked.GetInputs()}
			for _, s := range plain {
				for _, leak := range tt.leaks {
					assert.NotContains(t, plainValues(s), leak, "only inside secret envelopes")
				}
			}
		})
	}
}

// plainValues is the text of every string in s that is not inside a secret envelope.
func plainValues(s *structpb.Struct) string {
	var b strings.Builder
	var walk func(v *structpb.Value)
	walk = func(v *structpb.Value) {
		switch {
		case v.GetStructValue() != nil:
			fields := v.GetStructValue().GetFields()
			if fields[sig.Key].GetStringValue() == sig.Secret {
				return
			}
			for _, f := range fields {
				walk(f)
			}
		case v.GetListValue() != nil:
			for _, item := range v.GetListValue().GetValues() {
				walk(item)
			}
		default:
			b.WriteString(v.GetStringValue() + "\n")
		}
	}
	walk(structpb.NewStructValue(s))
	return b.String()
}
