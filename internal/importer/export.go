package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// Export is what the output of `pulumi stack export` says of this package's resources: those
// the state holds, and the creates an interrupted update left pending.
type Export struct {
	held    map[string]bool // by heldKey
	Pending []PendingCreate
}

// PendingCreate is a create the engine started and never heard the end of: its URN, its type
// token and its inputs, but no ID.
type PendingCreate struct {
	URN, Type string
	Inputs    kinds.Inputs
}

// stackExport is the part of `pulumi stack export`'s output read here (apitype.DeploymentV3 in
// its versioned envelope).
type stackExport struct {
	Version    int `json:"version"`
	Deployment *struct {
		Resources []struct {
			URN  string `json:"urn"`
			Type string `json:"type"`
			ID   string `json:"id"`
		} `json:"resources"`
		PendingOperations []struct {
			Type     string `json:"type"`
			Resource struct {
				URN    string       `json:"urn"`
				Type   string       `json:"type"`
				Inputs kinds.Inputs `json:"inputs"`
			} `json:"resource"`
		} `json:"pending_operations"`
	} `json:"deployment"`
}

// ReadExport reads the output of `pulumi stack export`; name is what to call it in errors.
func ReadExport(r io.Reader, name string) (Export, error) {
	var raw stackExport
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return Export{}, fmt.Errorf("%s: not the output of `pulumi stack export`: %w", name, err)
	}
	if raw.Deployment == nil {
		return Export{}, fmt.Errorf("%s: not the output of `pulumi stack export` (no \"deployment\")", name)
	}
	out := Export{held: map[string]bool{}}
	for _, res := range raw.Deployment.Resources {
		if ours(res.Type) && res.ID != "" {
			out.held[heldKey(res.Type, res.ID)] = true
		}
	}
	for _, op := range raw.Deployment.PendingOperations {
		if op.Type == "creating" && ours(op.Resource.Type) {
			out.Pending = append(out.Pending, PendingCreate{URN: op.Resource.URN, Type: op.Resource.Type, Inputs: op.Resource.Inputs})
		}
	}
	return out, nil
}

// ReadExportFile reads an export from a file, or from stdin when path is "-".
func ReadExportFile(path string, stdin io.Reader) (Export, error) {
	if path == "-" {
		return ReadExport(stdin, "standard input")
	}
	f, err := os.Open(path)
	if err != nil {
		return Export{}, err
	}
	defer f.Close()
	return ReadExport(f, path)
}

// errNoExport is returned for an empty list of exports, which would make every object look
// unmanaged.
var errNoExport = errors.New("no stack export given")

// ours tells whether a type token is one of this package's resources.
func ours(token string) bool { return strings.HasPrefix(token, kinds.Package+":") }

// heldKey is how a held object is looked up: its type and its ID without the account, since
// a resource created by the provider has the bare ID and an imported one may have either.
func heldKey(token, id string) string {
	if _, bare, ok := strings.Cut(id, "/"); ok {
		id = bare
	}
	return token + " " + id
}

// holds tells whether the state holds f.
func (e Export) holds(f kinds.Found) bool { return e.held[heldKey(f.Kind.Token(), f.ID)] }
