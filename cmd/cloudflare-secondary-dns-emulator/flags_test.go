package main

import (
	"bytes"
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	c, err := parseFlags([]string{
		"-addr", "127.0.0.1:0", "-token", "a, b,,", "-email", "ops@example.com", "-key", "k",
		"-account", "0123456789abcdef0123456789abcdef,ffffffffffffffffffffffffffffffff", "-state", "s.json",
		"-latency", "20ms", "-rate-limit", "10/1m", "-rate-block", "30s", "-fault-rate", "0.25",
		"-zone", "example.com", "-zone", " example.net = secondary", "-zone", "example.org=partial",
	}, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, config{addr: "127.0.0.1:0", opts: emulator.Options{
		Tokens: []string{"a", "b"}, Email: "ops@example.com", Key: "k",
		Accounts:  []string{"0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff"},
		StatePath: "s.json", Latency: 20 * time.Millisecond, RateLimit: 10, RateWindow: time.Minute,
		RateBlock: 30 * time.Second, FaultRate: 0.25,
		Zones: []emulator.ZoneSeed{{Name: "example.com", Type: "full"}, {Name: "example.net", Type: "secondary"}, {Name: "example.org", Type: "partial"}},
	}}, c)
}

func TestParseFlagsDefaults(t *testing.T) {
	t.Parallel()
	c, err := parseFlags(nil, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, config{addr: "127.0.0.1:8787", opts: emulator.Options{
		RateLimit: 1200, RateWindow: 5 * time.Minute, RateBlock: 5 * time.Minute,
	}}, c)
}

func TestParseFlagsDNS(t *testing.T) {
	t.Parallel()
	c, err := parseFlags([]string{"-dns", "127.0.0.1:0", "-records", "example.com=a.zone", "-records", " example.org = b.zone "}, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:0", c.opts.DNSAddr)
	assert.Equal(t, map[string]string{"example.com": "a.zone", "example.org": "b.zone"}, c.opts.ZoneFiles)
	_, err = parseFlags([]string{"-records", "example.com"}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "NAME=FILE")
}

func TestParseFlagsErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-rate-limit", "1200"}, "-rate-limit"},
		{[]string{"-rate-limit", "0/5m"}, "-rate-limit"},
		{[]string{"-rate-limit", "x/5m"}, "-rate-limit"},
		{[]string{"-rate-limit", "10/soon"}, "-rate-limit"},
		{[]string{"-rate-limit", "10/-1s"}, "-rate-limit"},
		{[]string{"-email", "ops@example.com"}, "-email and -key"},
		{[]string{"-key", "k"}, "-email and -key"},
		{[]string{"-fault-rate", "2"}, "-fault-rate"},
		{[]string{"-latency", "-1s"}, "-latency"},
		{[]string{"-rate-block", "0s"}, "-rate-block"},
		{[]string{"-latency", "soon"}, "-latency"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"-zone", "=secondary"}, "-zone"},
		{[]string{"-zone", "example.com=primary"}, "zone type \"primary\""},
	} {
		_, err := parseFlags(tc.args, &bytes.Buffer{})
		assert.ErrorContains(t, err, tc.want, "%v", tc.args)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	_, err := parseFlags([]string{"-h"}, &out)
	assert.ErrorIs(t, err, flag.ErrHelp)
	for _, name := range []string{"-addr", "-token", "-email", "-key", "-account", "-state", "-latency", "-rate-limit", "-rate-block", "-fault-rate", "-zone NAME[=TYPE]", emulator.DemoAccountID, emulator.DemoToken} {
		assert.Contains(t, out.String(), name)
	}
}
