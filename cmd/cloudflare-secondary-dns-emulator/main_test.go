package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// build compiles the command once per test run.
func build(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "emulator-cmd-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "cloudflare-secondary-dns-emulator")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, out}
		}
	})
	require.NoError(t, buildErr)
	return binary
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

// process is a running emulator command.
type process struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
}

// syncBuffer is a buffer that the process writes while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs the command and waits for the base URL on the first line of stdout.
func start(t *testing.T, args ...string) *process {
	t.Helper()
	cmd := exec.Command(build(t), args...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	p := &process{cmd: cmd, stderr: &syncBuffer{}}
	cmd.Stderr = p.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case s := <-line:
		p.url = strings.TrimSuffix(s, "\n")
	case <-time.After(30 * time.Second):
		t.Fatal("the emulator printed no URL")
	}
	require.Regexp(t, `^http://127\.0\.0\.1:[0-9]+/client/v4/$`, p.url)
	return p
}

// stop signals the process and waits for it to exit cleanly.
func (p *process) stop(t *testing.T, sig os.Signal) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Signal(sig))
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "stderr:\n%s", p.stderr)
	case <-time.After(30 * time.Second):
		t.Fatal("the emulator did not stop")
	}
	assert.Contains(t, p.stderr.String(), "shutting down")
}

func (p *process) do(t *testing.T, token, method, path, body string) (int, json.RawMessage) {
	t.Helper()
	req, err := http.NewRequest(method, p.url+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var env struct{ Result json.RawMessage }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	return resp.StatusCode, env.Result
}

func TestRestartKeepsState(t *testing.T) {
	t.Parallel()
	const acct = "0123456789abcdef0123456789abcdef"
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"-addr", "127.0.0.1:0", "-state", state, "-token", "tok-alpha,tok-beta", "-account", acct}
	tsigs, peers := "accounts/"+acct+"/secondary_dns/tsigs", "accounts/"+acct+"/secondary_dns/peers"

	first := start(t, args...)
	status, tsig := first.do(t, "tok-alpha", http.MethodPost, tsigs, `{"name":"k.","algo":"hmac-sha512.","secret":"cw=="}`)
	require.Equal(t, http.StatusOK, status)
	status, peer := first.do(t, "tok-beta", http.MethodPost, peers, `{"name":"p"}`)
	require.Equal(t, http.StatusOK, status)
	var created struct{ ID string }
	require.NoError(t, json.Unmarshal(peer, &created))
	status, peer = first.do(t, "tok-beta", http.MethodPut, peers+"/"+created.ID, `{"name":"p","ip":"192.0.2.53","port":53}`)
	require.Equal(t, http.StatusOK, status)
	first.stop(t, syscall.SIGTERM)

	info, err := os.Stat(state)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	second := start(t, args...)
	status, list := second.do(t, "tok-alpha", http.MethodGet, tsigs, "")
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, "["+string(tsig)+"]", string(list))
	status, list = second.do(t, "tok-alpha", http.MethodGet, peers, "")
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, "["+string(peer)+"]", string(list))
	second.stop(t, os.Interrupt)
	for _, p := range []*process{first, second} {
		assert.NotContains(t, p.stderr.String(), "tok-", "tokens are not logged")
		assert.NotContains(t, p.stderr.String(), "cw==", "secrets are not logged")
	}
}

func TestDemoDefaults(t *testing.T) {
	t.Parallel()
	p := start(t, "-addr", "127.0.0.1:0")
	status, _ := p.do(t, emulator.DemoToken, http.MethodGet, "accounts/"+emulator.DemoAccountID+"/secondary_dns/peers", "")
	assert.Equal(t, http.StatusOK, status)
	p.stop(t, syscall.SIGTERM)
	assert.Contains(t, p.stderr.String(), emulator.DemoAccountID, "the demo account is printed at start")
	assert.Contains(t, p.stderr.String(), emulator.DemoToken)
	assert.Contains(t, p.stderr.String(), "status=200", "requests are logged")
}

// TestZoneFlag checks that each -zone is created, and that the ID logged for it is the zone's.
func TestZoneFlag(t *testing.T) {
	t.Parallel()
	p := start(t, "-addr", "127.0.0.1:0", "-zone", "example.com=secondary", "-zone", "example.org")
	status, list := p.do(t, emulator.DemoToken, http.MethodGet, "zones?name=example.com", "")
	require.Equal(t, http.StatusOK, status)
	var zones []struct{ ID, Name, Type string }
	require.NoError(t, json.Unmarshal(list, &zones))
	require.Len(t, zones, 1)
	assert.Equal(t, "secondary", zones[0].Type)
	status, list = p.do(t, emulator.DemoToken, http.MethodGet, "zones?name=example.org", "")
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(list), `"type":"full"`, "full is the default type")
	p.stop(t, syscall.SIGTERM)
	// The zones are logged before serving starts, so they are on stderr once a request is answered.
	assert.Regexp(t, `msg=zone name=example.com type=secondary id=`+zones[0].ID+` account=`+emulator.DemoAccountID, p.stderr.String())
	assert.Regexp(t, `msg=zone name=example.org type=full id=[0-9a-f]{32} account=`+emulator.DemoAccountID, p.stderr.String())
}

func TestBadZoneExits(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(build(t), "-addr", "127.0.0.1:0", "-zone", "not a domain").CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 1, exit.ExitCode())
	assert.Contains(t, string(out), `zone "not a domain"`)
}

func TestBadFlagsExit(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(build(t), "-rate-limit", "lots")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 1, exit.ExitCode())
	assert.Contains(t, string(out), "-rate-limit")
}

func TestHelpExitsZero(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(build(t), "-h").CombinedOutput()
	require.NoError(t, err)
	assert.Contains(t, string(out), "-rate-limit N/DURATION")
}

// TestRunInProcess runs the server loop under the race detector and checks the shutdown save.
func TestRunInProcess(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-state", state}, stdoutW, io.Discard) }()
	line, err := bufio.NewReader(stdoutR).ReadString('\n')
	require.NoError(t, err)
	p := &process{url: strings.TrimSpace(line)}
	status, _ := p.do(t, emulator.DemoToken, http.MethodPost, "accounts/"+emulator.DemoAccountID+"/secondary_dns/peers", `{"name":"p"}`)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, os.Remove(state)) // so that the file can only come from the shutdown save
	cancel()
	require.NoError(t, <-done)
	e, err := emulator.New(emulator.Options{StatePath: state})
	require.NoError(t, err)
	assert.Len(t, e.Peers(emulator.DemoAccountID), 1)
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"127.0.0.1:8787": "http://127.0.0.1:8787/client/v4/",
		"0.0.0.0:8787":   "http://127.0.0.1:8787/client/v4/",
		"[::]:8787":      "http://127.0.0.1:8787/client/v4/",
		"[::1]:8787":     "http://[::1]:8787/client/v4/",
	} {
		tcp, err := net.ResolveTCPAddr("tcp", addr)
		require.NoError(t, err)
		assert.Equal(t, want, baseURL(tcp), addr)
	}
}
