package importer

import (
	"bytes"
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
	urns    map[string]bool // of the resources the state holds
	Pending []PendingCreate
	raw     []byte
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
	data, err := io.ReadAll(r)
	if err != nil {
		return Export{}, fmt.Errorf("%s: %w", name, err)
	}
	var raw stackExport
	if err := json.Unmarshal(data, &raw); err != nil {
		return Export{}, fmt.Errorf("%s: not the output of `pulumi stack export`: %w", name, err)
	}
	if raw.Deployment == nil {
		return Export{}, fmt.Errorf("%s: not the output of `pulumi stack export` (no \"deployment\")", name)
	}
	out := Export{held: map[string]bool{}, urns: map[string]bool{}, raw: data}
	for _, res := range raw.Deployment.Resources {
		out.urns[res.URN] = true
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

// Resolved is the export with the pending creates of p settled, for `pulumi stack import`: each
// whose object was found becomes a resource of the state with that ID (a refresh then reads it
// whole), each that made nothing is dropped, and those that need a decision stay pending. The
// rest is kept as it was, secrets encrypted as the export holds them.
func (e Export) Resolved(p Pending) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(e.raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	found := map[string]string{}
	for _, f := range p.Found {
		found[f.URN] = f.ID
	}
	nothing := map[string]bool{}
	for _, pc := range p.Nothing {
		nothing[pc.URN] = true
	}
	dep, _ := doc["deployment"].(map[string]any)
	resources, _ := dep["resources"].([]any)
	ops, _ := dep["pending_operations"].([]any)
	var kept []any
	for _, op := range ops {
		m, _ := op.(map[string]any)
		res, _ := m["resource"].(map[string]any)
		urn, _ := res["urn"].(string)
		switch id, ok := found[urn]; {
		case m["type"] != "creating":
			kept = append(kept, op)
		case ok:
			// A pending create's dependencies were created before it began: after them is
			// where the state lists it.
			res["id"] = id
			resources = append(resources, res)
		case !nothing[urn]:
			kept = append(kept, op)
		}
	}
	dep["resources"] = resources
	if len(kept) == 0 {
		delete(dep, "pending_operations")
	} else {
		dep["pending_operations"] = kept
	}
	out, err := json.MarshalIndent(doc, "", "    ")
	return append(out, '\n'), err
}
