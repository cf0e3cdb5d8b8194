// Command cloudflare-secondary-dns-emulator serves a local stand-in for Cloudflare's Secondary
// DNS API, to test Pulumi programs offline. Run it with -h for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "cloudflare-secondary-dns-emulator:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully and writes the state.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	c.opts.Logger = log
	e, err := emulator.New(c.opts)
	if err != nil {
		return err
	}
	defer e.Close() // its DNS listeners and refresh run from New on
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	url := baseURL(ln.Addr())
	if _, err := fmt.Fprintln(stdout, url); err != nil {
		ln.Close()
		return err
	}
	if addr := e.DNSAddr(); addr != "" {
		if _, err := fmt.Fprintln(stdout, addr); err != nil {
			ln.Close()
			return err
		}
	}
	log.Info("serving the Secondary DNS API", "url", url, "accounts", e.Accounts(), "state", c.opts.StatePath)
	for _, seed := range c.opts.Zones {
		if z, ok := e.ZoneByName(e.Accounts()[0], seed.Name); ok {
			log.Info("zone", "name", z.Name, "type", z.Type, "id", z.ID, "account", z.Account)
		}
	}
	if len(c.opts.Tokens) == 0 && c.opts.Email == "" {
		log.Info("no credentials configured; accepting the demo token", "token", emulator.DemoToken)
	}

	srv := &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shutdownErr := srv.Shutdown(shutdownCtx)
	if err := e.Save(); err != nil {
		return err
	}
	if shutdownErr != nil {
		return fmt.Errorf("shut down: %w", shutdownErr)
	}
	log.Info("stopped")
	return nil
}

// baseURL is the API's base URL on addr; an unspecified host (":8787") is reached on loopback.
func baseURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + emulator.BasePath
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + emulator.BasePath
}
