package provider

import (
	"context"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// markSecretsAfterRead marks secret properties in what Read returns. infer applies secret
// marking to Create and Update results but not to Read's (trap 3): a TSIG secret read during
// import or refresh would otherwise be stored and shown in plain text, and the next diff would
// see secret-versus-plain as a change. Both the state and the inputs Read returns are marked.
func markSecretsAfterRead(prov p.Provider, secrets map[tokens.TypeName][]string) p.Provider {
	read := prov.Read
	prov.Read = func(ctx context.Context, req p.ReadRequest) (p.ReadResponse, error) {
		resp, err := read(ctx, req)
		if !req.Urn.IsValid() {
			return resp, err
		}
		keys := secrets[req.Urn.Type().Name()]
		resp.Properties = markSecret(resp.Properties, keys)
		resp.Inputs = markSecret(resp.Inputs, keys)
		return resp, err
	}
	return prov
}

func markSecret(m property.Map, keys []string) property.Map {
	for _, k := range keys {
		if v, ok := m.GetOk(k); ok && !v.IsNull() {
			m = m.Set(k, v.WithSecret(true))
		}
	}
	return m
}
