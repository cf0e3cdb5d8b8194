package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// emulatorProcess is the emulator command running in the background.
type emulatorProcess struct {
	cmd     *exec.Cmd
	BaseURL string
	DNSAddr string // where it serves DNS, 127.0.0.1:port (UDP and TCP)
	exited  chan struct{}
	log     *requestLog
}

// startEmulator runs the emulator binary on a free loopback port, serving DNS on another, with
// the extra arguments, and waits for its base URL and DNS address, the first two lines it prints.
func startEmulator(ctx context.Context, binary string, args ...string) (*emulatorProcess, error) {
	cmd := exec.Command(binary, append([]string{"-addr", "127.0.0.1:0", "-dns", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", binary, err)
	}
	p := &emulatorProcess{cmd: cmd, exited: make(chan struct{}), log: newRequestLog()}
	go p.log.collect(stderr)

	firstLines := make(chan [2]string, 1)
	go func() {
		var lines [2]string
		s := bufio.NewScanner(stdout)
		for i := 0; i < len(lines) && s.Scan(); i++ {
			lines[i] = strings.TrimSpace(s.Text())
		}
		firstLines <- lines
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()

	select {
	case lines := <-firstLines:
		if strings.HasPrefix(lines[0], "http://") && strings.HasPrefix(lines[1], "127.0.0.1:") {
			p.BaseURL, p.DNSAddr = lines[0], lines[1]
			return p, nil
		}
		p.Stop()
		return nil, fmt.Errorf("the emulator printed %q instead of its base URL and DNS address", lines)
	case <-p.exited:
		return nil, errors.New("the emulator exited at start-up")
	case <-time.After(10 * time.Second):
		p.Stop()
		return nil, errors.New("the emulator printed no base URL and DNS address within 10s")
	case <-ctx.Done():
		p.Stop()
		return nil, ctx.Err()
	}
}

// Stop asks the emulator to shut down gracefully (SIGTERM), killing it if it takes too long.
func (p *emulatorProcess) Stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// checkpointPath is requested to mark a point in the emulator's request log; the emulator
// answers it 404 and logs it like any request.
const checkpointPath = "demo-checkpoint"

// Requests returns the API requests the emulator served since the last call. The emulator logs a
// request before its reply goes out, but the log reaches the demo through a pipe: a checkpoint
// request, once seen in the log, proves every earlier request has been read.
func (p *emulatorProcess) Requests(ctx context.Context) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.BaseURL+checkpointPath, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("emulator checkpoint: %w", err)
	}
	resp.Body.Close()
	select {
	case <-p.log.checkpoints:
		return p.log.drain(), nil
	case <-time.After(5 * time.Second):
		return nil, errors.New("the emulator's log did not show the checkpoint request within 5s")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TransferFailures returns the zone transfers the emulator logged as failed so far.
func (p *emulatorProcess) TransferFailures() []string {
	p.log.mu.Lock()
	defer p.log.mu.Unlock()
	return slices.Clone(p.log.transferFailures)
}

// requestLog keeps the requests the emulator logs on stderr, one "METHOD PATH -> STATUS" each,
// and its failed zone transfers, as logged.
type requestLog struct {
	mu               sync.Mutex
	requests         []string
	transferFailures []string
	checkpoints      chan struct{}
}

func newRequestLog() *requestLog { return &requestLog{checkpoints: make(chan struct{}, 1)} }

func (l *requestLog) collect(r io.Reader) {
	s := bufio.NewScanner(r)
	for s.Scan() {
		method, path, status, ok := parseRequest(s.Text())
		switch {
		case strings.Contains(s.Text(), `msg="zone transfer failed"`):
			l.mu.Lock()
			l.transferFailures = append(l.transferFailures, s.Text())
			l.mu.Unlock()
		case !ok:
		case strings.HasSuffix(path, "/"+checkpointPath):
			select { // a checkpoint nobody waits for any more is dropped
			case l.checkpoints <- struct{}{}:
			default:
			}
		default:
			l.mu.Lock()
			l.requests = append(l.requests, fmt.Sprintf("%s %s -> %s", method, path, status))
			l.mu.Unlock()
		}
	}
}

func (l *requestLog) drain() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.requests
	l.requests = nil
	return out
}

// parseRequest reads a request line of the emulator's log (slog text: msg=request method=GET
// path=/client/v4/... status=200).
func parseRequest(line string) (method, path, status string, ok bool) {
	fields := map[string]string{}
	for _, f := range strings.Fields(line) {
		if k, v, found := strings.Cut(f, "="); found {
			fields[k] = v
		}
	}
	if fields["msg"] != "request" {
		return "", "", "", false
	}
	return fields["method"], fields["path"], fields["status"], true
}
