package importer

import (
	"encoding/json"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The type tokens of the kinds, as import files name them.
var (
	tokenTsig     = tokenOf("Tsig")
	tokenPeer     = tokenOf("Peer")
	tokenAcl      = tokenOf("Acl")
	tokenIncoming = tokenOf("IncomingTransfer")
	tokenOutgoing = tokenOf("OutgoingTransfer")
)

func tokenOf(resource string) string {
	for _, k := range kinds.All {
		if k.Resource == resource {
			return k.Token()
		}
	}
	panic("no kind " + resource)
}

// portable is what every Pulumi language takes as a name and as a variable made from it.
var portable = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func TestNamesAreIdentifiersEveryLanguageAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ, cloudflareName, want string
	}{
		{tokenTsig, "transfer.example.com.", "tsig_transfer_example_com"},
		{tokenPeer, "ns1 primary", "peer_ns1_primary"},
		{tokenPeer, "NS1 (Primary) — München", "peer_ns1_primary_m_nchen"},
		{tokenAcl, "secondaries", "acl_secondaries"},
		// A leading digit, and names that are reserved words in some language.
		{tokenIncoming, "1.example.net", "incoming_1_example_net"},
		{tokenPeer, "class", "peer_class"},
		{tokenPeer, "def", "peer_def"},
		{tokenPeer, "func", "peer_func"},
		{tokenAcl, "__proto__", "acl_proto"},
		{tokenOutgoing, "example.org", "outgoing_example_org"},
		// Nothing any language accepts: the kind alone.
		{tokenPeer, "—·—", "peer"},
		{tokenTsig, "", "tsig"},
	}
	for _, tt := range tests {
		got := baseName(Resource{Type: tt.typ}, tt.cloudflareName)
		assert.Equal(t, tt.want, got, "%s %q", tt.typ, tt.cloudflareName)
		assert.Regexp(t, portable, got)
	}
}

func TestCollidingNamesGetDeterministicSuffixes(t *testing.T) {
	t.Parallel()
	in := []Resource{
		{Type: tokenPeer, Name: "ns1-primary", ID: "a/22222222222222222222222222222222"},
		{Type: tokenPeer, Name: "ns1 primary", ID: "a/33333333333333333333333333333333"},
		{Type: tokenPeer, Name: "ns1 primary", ID: "a/11111111111111111111111111111111"},
		// Already the name a suffix would give: a suffix never takes it.
		{Type: tokenPeer, Name: "ns1 primary 2", ID: "a/44444444444444444444444444444444"},
		// Same words, another kind: no collision.
		{Type: tokenTsig, Name: "ns1.primary.", ID: "a/55555555555555555555555555555555"},
		{Type: tokenOutgoing, Name: "example.com", ID: "66666666666666666666666666666666"},
		{Type: tokenIncoming, Name: "example.net", ID: "77777777777777777777777777777777"},
	}
	want := []Resource{
		{Type: tokenTsig, Name: "tsig_ns1_primary", ID: "a/55555555555555555555555555555555"},
		// "ns1 primary" sorts before "ns1-primary"; equal names go by ID.
		{Type: tokenPeer, Name: "peer_ns1_primary", ID: "a/11111111111111111111111111111111"},
		{Type: tokenPeer, Name: "peer_ns1_primary_2", ID: "a/44444444444444444444444444444444"},
		{Type: tokenPeer, Name: "peer_ns1_primary_3", ID: "a/33333333333333333333333333333333"},
		{Type: tokenPeer, Name: "peer_ns1_primary_4", ID: "a/22222222222222222222222222222222"},
		{Type: tokenIncoming, Name: "incoming_example_net", ID: "77777777777777777777777777777777"},
		{Type: tokenOutgoing, Name: "outgoing_example_com", ID: "66666666666666666666666666666666"},
	}
	got := slices.Clone(in)
	assignNames(got)
	assert.Equal(t, want, got)

	// The same account read again, its objects listed in another order: the same file.
	for range 20 {
		again := slices.Clone(in)
		rand.Shuffle(len(again), func(i, j int) { again[i], again[j] = again[j], again[i] })
		assignNames(again)
		assert.Equal(t, want, again)
	}
}

// Every resource of the provider can be in an import file, with a name prefix of its own: a
// resource added to the schema without a kind in kinds.All fails this test.
func TestEveryResourceHasAKindWithANamePrefix(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../schema.json")
	require.NoError(t, err)
	var schema struct {
		Resources map[string]json.RawMessage `json:"resources"`
	}
	require.NoError(t, json.Unmarshal(data, &schema))
	var tokens []string
	for token := range schema.Resources {
		tokens = append(tokens, token)
	}
	var kindTokens, prefixes []string
	for _, k := range kinds.All {
		kindTokens = append(kindTokens, k.Token())
		prefixes = append(prefixes, k.Prefix)
	}
	assert.ElementsMatch(t, tokens, kindTokens)
	slices.Sort(prefixes)
	assert.Len(t, slices.Compact(prefixes), len(kinds.All), "two kinds share a name prefix")
}
