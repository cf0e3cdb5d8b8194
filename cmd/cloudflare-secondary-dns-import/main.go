// Command cloudflare-secondary-dns-import writes a Pulumi import file for the Secondary DNS an
// existing Cloudflare account already runs: its TSIG keys, peers, ACLs and zone transfer
// configurations, for `pulumi import --file`, which then writes the program in the project's
// language. With --pending it finds what an interrupted `pulumi up` created; with --unmanaged,
// the objects no stack holds. It only reads. Credentials, account and base URL come from the
// provider's environment variables. Run it with -h for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/importer"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
)

const command = "cloudflare-secondary-dns-import"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case errors.Is(err, errDecide):
		os.Exit(3)
	case err != nil:
		fmt.Fprintln(os.Stderr, command+":", err)
		os.Exit(1)
	}
}

// errUsage is a command line the flag package has already explained.
var errUsage = errors.New("usage")

// errDecide is a pending create that needs a person's decision, already listed on stderr.
var errDecide = errors.New("a pending create needs a decision")

// zoneFlag is --zone, which may be given more than once.
type zoneFlag []string

func (z *zoneFlag) String() string { return strings.Join(*z, ",") }
func (z *zoneFlag) Set(v string) error {
	if strings.TrimSuffix(v, ".") == "" {
		return errors.New("a zone name such as example.com")
	}
	*z = append(*z, v)
	return nil
}

// exportsFlag is --unmanaged, which may be given more than once.
type exportsFlag []string

func (e *exportsFlag) String() string { return strings.Join(*e, ",") }
func (e *exportsFlag) Set(v string) error {
	if v == "" {
		return errors.New("the output of `pulumi stack export`, in a file or - for standard input")
	}
	*e = append(*e, v)
	return nil
}

// run reads the account and writes the import file to --out, or to stdout; or, with --pending or
// --unmanaged, what a stack's state lacks.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet(command, flag.ContinueOnError)
	flags.SetOutput(stderr)
	account := flags.String("account", "", "the Cloudflare account ID (default: CLOUDFLARE_ACCOUNT_ID)")
	var zones zoneFlag
	flags.Var(&zones, "zone", "read only the zone of this name; repeat for more (default: every zone of the account)")
	out := flags.String("out", "", "write the import file here, atomically (default: standard output)")
	pending := flags.String("pending", "", "a stack export (`pulumi stack export`, - for standard input): print `URN ID` for each of its pending creates whose object the account holds")
	resolved := flags.String("resolved", "", "with --pending: also write the export with its pending creates settled (found ones as resources, those that made nothing dropped), for `pulumi stack import --file`")
	var unmanaged exportsFlag
	flags.Var(&unmanaged, "unmanaged", "a stack export (- for standard input): list the account's objects that none of the given stacks holds; repeat for more stacks")
	version := flags.Bool("version", false, "print the version and exit")
	flags.Usage = func() {
		fmt.Fprintf(stderr, `Usage: %s [--account ID] [--zone NAME]... [--out FILE]
       %s [--account ID] --pending EXPORT
       %s [--account ID] [--zone NAME]... --unmanaged EXPORT [--unmanaged EXPORT]...

Writes a Pulumi import file with the TSIG keys, peers, ACLs and zone transfer configurations of a
Cloudflare account, for: pulumi import --file FILE
--pending resolves the pending creates an interrupted update left (exit 3: one needs a decision);
--unmanaged lists the objects no given stack holds. See docs/recovering-an-interrupted-update.md.
It only reads. Credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL;
CLOUDFLARE_BASE_URL overrides Cloudflare's API (plain http only to a loopback host).

`, command, command, command)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if *version {
		_, err := fmt.Fprintln(stdout, provider.Version)
		return err
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", command, flags.Arg(0))
		flags.Usage()
		return errUsage
	}
	if conflict := conflictingModes(*out != "", *pending != "", len(unmanaged) > 0, len(zones) > 0, *resolved != ""); conflict != "" {
		fmt.Fprintf(stderr, "%s: %s\n", command, conflict)
		flags.Usage()
		return errUsage
	}
	settings := kinds.SettingsFromEnvironment(getenv)
	if *account != "" {
		settings.AccountID = *account
	}
	acct, err := kinds.OpenAccount(settings)
	if err != nil {
		return err
	}
	switch {
	case *pending != "":
		return resolvePending(ctx, acct, *pending, *resolved, stdin, stdout, stderr)
	case len(unmanaged) > 0:
		return listUnmanaged(ctx, acct, unmanaged, importer.Options{Zones: zones, Progress: stderr}, stdin, stdout, stderr)
	}
	file, summary, err := importer.Read(ctx, acct, importer.Options{Zones: zones, Progress: stderr})
	if err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		_, err = file.WriteTo(stdout)
	} else {
		err = file.WriteFile(*out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "account %s: %s\n", acct.ID(), summary)
	if *out != "" && *out != "-" {
		fmt.Fprintf(stderr, "wrote %s: import with `pulumi import --file %s`\n", *out, *out)
	}
	return nil
}

// conflictingModes says which flags cannot go together, "" when none: the import file, --pending
// and --unmanaged are three commands in one.
func conflictingModes(out, pending, unmanaged, zones, resolved bool) string {
	switch {
	case resolved && !pending:
		return "--resolved goes with --pending only"
	case pending && (out || unmanaged || zones):
		return "--pending goes with none of --out, --unmanaged and --zone"
	case unmanaged && out:
		return "--unmanaged lists on standard output: drop --out"
	}
	return ""
}

// resolvePending prints `URN ID` for each pending create of the export whose object was found,
// and writes the export with them settled to resolved, when set.
func resolvePending(ctx context.Context, acct *kinds.Account, path, resolved string, stdin io.Reader, stdout, stderr io.Writer) error {
	export, err := importer.ReadExportFile(path, stdin)
	if err != nil {
		return err
	}
	found, err := importer.ResolvePending(ctx, acct, export)
	if err != nil {
		return err
	}
	if err := found.Write(stdout, stderr); err != nil {
		return err
	}
	if resolved != "" {
		data, err := export.Resolved(found)
		if err != nil {
			return err
		}
		if err := os.WriteFile(resolved, data, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s: load it with `pulumi stack import --file %s`, then run `pulumi refresh --yes`\n", resolved, resolved)
	}
	if found.NeedsDecision() {
		return errDecide
	}
	return nil
}

// listUnmanaged lists the account's objects none of the exports holds.
func listUnmanaged(ctx context.Context, acct *kinds.Account, paths []string, opts importer.Options, stdin io.Reader, stdout, stderr io.Writer) error {
	var exports []importer.Export
	for _, path := range paths {
		e, err := importer.ReadExportFile(path, stdin)
		if err != nil {
			return err
		}
		exports = append(exports, e)
	}
	found, err := importer.FindUnmanaged(ctx, acct, exports, opts)
	if err != nil {
		return err
	}
	return found.Write(stdout, stderr)
}
