package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

const usage = `Usage: cloudflare-secondary-dns-emulator [flags]

Serves a local stand-in for Cloudflare's Secondary DNS API (TSIG keys, peers and ACLs under
/client/v4/accounts/{account_id}/secondary_dns/, and zones under /client/v4/zones), to test
Pulumi programs offline. The store lives in memory, or in a JSON file with -state.

The first line on stdout is the base URL, e.g. http://127.0.0.1:8787/client/v4/; point clients
at it (CLOUDFLARE_BASE_URL, or the provider's baseUrl). With -dns, the second line is where DNS
is served, e.g. 127.0.0.1:5353 (UDP and TCP): the emulator then transfers zones for real, as
secondary (pulling from the peers) and as primary (serving AXFR and IXFR, sending NOTIFY).
Logs go to stderr. SIGINT or SIGTERM
stops the server gracefully and writes the state file.

Credentials: requests need Authorization: Bearer <token>, or X-Auth-Email and X-Auth-Key.
Without -token, -email and -key, the one accepted token is "` + emulator.DemoToken + `".
Without -account, the one account is ` + emulator.DemoAccountID + `.
Each -zone is created in the first account unless it holds a zone of that name already; its ID
is logged at start, and is the same at every start.

Flags:
`

const examples = `
Examples:
  cloudflare-secondary-dns-emulator
  cloudflare-secondary-dns-emulator -addr 127.0.0.1:0 -state emulator-state.json
  cloudflare-secondary-dns-emulator -token t1,t2 -account 0123456789abcdef0123456789abcdef
  cloudflare-secondary-dns-emulator -zone example.com -zone example.net=secondary
  cloudflare-secondary-dns-emulator -dns 127.0.0.1:0 -zone example.com -records example.com=example.com.zone
  cloudflare-secondary-dns-emulator -rate-limit 10/1m -rate-block 30s -fault-rate 0.1 -latency 100ms
`

// config is the parsed command line.
type config struct {
	addr string
	opts emulator.Options
}

// parseFlags reads the command line; -h prints the usage and returns flag.ErrHelp.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	var tokens, accounts, rateLimit string
	fs := flag.NewFlagSet("cloudflare-secondary-dns-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), examples)
	}
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8787", "listen `address`; port 0 picks a free port")
	fs.StringVar(&tokens, "token", "", "accepted API `tokens`, comma-separated")
	fs.StringVar(&c.opts.Email, "email", "", "`email` of an accepted legacy pair (X-Auth-Email); needs -key")
	fs.StringVar(&c.opts.Key, "key", "", "global API `key` of an accepted legacy pair (X-Auth-Key); needs -email")
	fs.StringVar(&accounts, "account", "", "account `IDs` the credentials may use, comma-separated")
	fs.StringVar(&c.opts.StatePath, "state", "", "keep the store in this JSON `file`: loaded at start, written atomically after\nevery change and at shutdown; it holds TSIG secrets, readable by its owner only")
	fs.DurationVar(&c.opts.Latency, "latency", 0, "`duration` added to every request, e.g. 50ms")
	fs.StringVar(&rateLimit, "rate-limit", "1200/5m", "requests allowed per credential per window, as `N/DURATION`; going over\nanswers every request of that credential with 429 until the block ends")
	fs.DurationVar(&c.opts.RateBlock, "rate-block", emulator.DefaultRateBlock, "how long going over the rate limit blocks a credential")
	fs.Float64Var(&c.opts.FaultRate, "fault-rate", 0, "share `P` (0 to 1) of requests answered with 500 or a reset connection, at random")
	fs.Var((*zoneFlags)(&c.opts.Zones), "zone", "a zone to create, as `NAME[=TYPE]` with TYPE full (the default), partial or secondary;\nrepeat for more zones")
	fs.StringVar(&c.opts.DNSAddr, "dns", "", "serve DNS on this `address` (UDP and TCP; port 0 picks a free port) and transfer\nzones for real; its address is the second line on stdout")
	fs.DurationVar(&c.opts.DNSTimeout, "dns-timeout", 0, "how long to wait for each DNS answer (SOA, NOTIFY, transfer messages); 0 means "+emulator.DefaultDNSTimeout.String())
	fs.Var((*recordsFlags)(&c.opts.ZoneFiles), "records", "a full zone's records from a zone file, as `NAME=FILE` (the zone must be given with\n-zone); the file's SOA and apex NS are replaced by Cloudflare's; repeat for more zones")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q; all settings are flags (see -h)", fs.Args())
	}
	c.opts.Tokens = splitList(tokens)
	c.opts.Accounts = splitList(accounts)
	var err error
	if c.opts.RateLimit, c.opts.RateWindow, err = parseRateLimit(rateLimit); err != nil {
		return config{}, err
	}
	switch {
	case (c.opts.Email == "") != (c.opts.Key == ""):
		return config{}, errors.New("-email and -key make a pair: give both or neither")
	case c.opts.FaultRate < 0 || c.opts.FaultRate > 1:
		return config{}, fmt.Errorf("-fault-rate %v: want a share between 0 and 1", c.opts.FaultRate)
	case c.opts.Latency < 0:
		return config{}, errors.New("-latency must not be negative")
	case c.opts.RateBlock <= 0:
		return config{}, errors.New("-rate-block must be positive, e.g. 5m")
	}
	return c, nil
}

// parseRateLimit reads N/DURATION, e.g. 1200/5m.
func parseRateLimit(s string) (int, time.Duration, error) {
	bad := fmt.Errorf("-rate-limit %q: want N/DURATION with N > 0 and a positive duration, e.g. 1200/5m", s)
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, bad
	}
	limit, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || limit <= 0 {
		return 0, 0, bad
	}
	window, err := time.ParseDuration(strings.TrimSpace(d))
	if err != nil || window <= 0 {
		return 0, 0, bad
	}
	return limit, window, nil
}

// zoneFlags are the -zone flags, each NAME or NAME=TYPE.
type zoneFlags []emulator.ZoneSeed

func (z *zoneFlags) String() string {
	if z == nil {
		return ""
	}
	var out []string
	for _, seed := range *z {
		out = append(out, seed.Name+"="+seed.Type)
	}
	return strings.Join(out, ",")
}

func (z *zoneFlags) Set(s string) error {
	name, typ, _ := strings.Cut(s, "=")
	name, typ = strings.TrimSpace(name), strings.TrimSpace(typ)
	if typ == "" {
		typ = emulator.ZoneFull
	}
	if name == "" {
		return errors.New("want NAME or NAME=TYPE, e.g. example.com=secondary")
	}
	if err := emulator.CheckZoneType(typ); err != nil {
		return err
	}
	*z = append(*z, emulator.ZoneSeed{Name: name, Type: typ})
	return nil
}

// splitList reads a comma-separated list, ignoring blanks.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// recordsFlags are the -records flags, each NAME=FILE.
type recordsFlags map[string]string

func (r *recordsFlags) String() string {
	if r == nil {
		return ""
	}
	var out []string
	for name, file := range *r {
		out = append(out, name+"="+file)
	}
	return strings.Join(out, ",")
}

func (r *recordsFlags) Set(s string) error {
	name, file, _ := strings.Cut(s, "=")
	name, file = strings.TrimSpace(name), strings.TrimSpace(file)
	if name == "" || file == "" {
		return errors.New("want NAME=FILE, e.g. example.com=example.com.zone")
	}
	if *r == nil {
		*r = map[string]string{}
	}
	(*r)[name] = file
	return nil
}
