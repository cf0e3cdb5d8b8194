package importer

import (
	"context"
	"fmt"
	"io"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// Unmanaged are the objects of an account that none of the given stacks holds: the orphans an
// interrupted update left, and objects made by hand.
type Unmanaged struct {
	Objects []Resource // named for `pulumi import` as in an import file
	names   map[string]string
	Read    Summary // what was read of the account
}

// FindUnmanaged reads the account (every object, each zone's configurations) and keeps the
// objects none of the exports holds. It only reads.
func FindUnmanaged(ctx context.Context, account *kinds.Account, exports []Export, opts Options) (Unmanaged, error) {
	if len(exports) == 0 {
		return Unmanaged{}, errNoExport
	}
	found, sum, err := readAll(ctx, account, opts)
	if err != nil {
		return Unmanaged{}, err
	}
	var orphans []kinds.Found
	names := map[string]string{} // Cloudflare's name, by resource type and ID
	for _, f := range found {
		if !heldByAny(exports, f) {
			orphans = append(orphans, f)
			names[f.Kind.Token()+" "+f.ID] = f.Name
		}
	}
	return Unmanaged{Objects: named(orphans), names: names, Read: sum}, nil
}

func heldByAny(exports []Export, f kinds.Found) bool {
	for _, e := range exports {
		if e.holds(f) {
			return true
		}
	}
	return false
}

// Write lists the objects on stdout, one a line: kind, name in Cloudflare, ID, and the
// `pulumi import` command that adopts it, tab-separated; a count goes to stderr.
func (u Unmanaged) Write(stdout, stderr io.Writer) error {
	for _, r := range u.Objects {
		k := kinds.All[kindIndex(r.Type)]
		if _, err := fmt.Fprintf(stdout, "%s\t%q\t%s\tpulumi import %s %s %s\n",
			k.Resource, u.names[r.Type+" "+r.ID], r.ID, r.Type, r.Name, r.ID); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(stderr, "%d objects no given stack holds; read: %s\n", len(u.Objects), u.Read)
	return err
}
