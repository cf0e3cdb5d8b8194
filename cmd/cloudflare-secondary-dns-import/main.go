// Command cloudflare-secondary-dns-import writes a Pulumi import file for the Secondary DNS an
// existing Cloudflare account already runs: its TSIG keys, peers, ACLs and zone transfer
// configurations, for `pulumi import --file`, which then writes the program in the project's
// language. It only reads. Credentials, account and base URL come from the provider's
// environment variables. Run it with -h for the flags.
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
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, command+":", err)
		os.Exit(1)
	}
}

// errUsage is a command line the flag package has already explained.
var errUsage = errors.New("usage")

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

// run reads the account and writes the import file to --out, or to stdout.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet(command, flag.ContinueOnError)
	flags.SetOutput(stderr)
	account := flags.String("account", "", "the Cloudflare account ID (default: CLOUDFLARE_ACCOUNT_ID)")
	var zones zoneFlag
	flags.Var(&zones, "zone", "read only the zone of this name; repeat for more (default: every zone of the account)")
	out := flags.String("out", "", "write the import file here, atomically (default: standard output)")
	version := flags.Bool("version", false, "print the version and exit")
	flags.Usage = func() {
		fmt.Fprintf(stderr, `Usage: %s [--account ID] [--zone NAME]... [--out FILE]

Writes a Pulumi import file with the TSIG keys, peers, ACLs and zone transfer configurations of a
Cloudflare account, for: pulumi import --file FILE
It only reads. Credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL;
CLOUDFLARE_BASE_URL overrides Cloudflare's API (plain http only to a loopback host).

`, command)
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
	settings := kinds.SettingsFromEnvironment(getenv)
	if *account != "" {
		settings.AccountID = *account
	}
	acct, err := kinds.OpenAccount(settings)
	if err != nil {
		return err
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
