package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// emulatorProcess is the emulator command running in the background.
type emulatorProcess struct {
	cmd     *exec.Cmd
	BaseURL string
	exited  chan struct{}
	log     *requestLog
}

// startEmulator runs the emulator binary on a free loopback port and waits for its base URL,
// the first line it prints.
func startEmulator(ctx context.Context, binary string) (*emulatorProcess, error) {
	cmd := exec.Command(binary, "-addr", "127.0.0.1:0")
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
	p := &emulatorProcess{cmd: cmd, exited: make(chan struct{}), log: &requestLog{}}
	go p.log.collect(stderr)

	firstLine := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		if s.Scan() {
			firstLine <- strings.TrimSpace(s.Text())
		}
		close(firstLine)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()

	select {
	case url, ok := <-firstLine:
		if ok && strings.HasPrefix(url, "http://") {
			p.BaseURL = url
			return p, nil
		}
		p.Stop()
		return nil, fmt.Errorf("the emulator printed %q instead of its base URL", url)
	case <-p.exited:
		return nil, errors.New("the emulator exited at start-up")
	case <-time.After(10 * time.Second):
		p.Stop()
		return nil, errors.New("the emulator printed no base URL within 10s")
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

// Requests returns the API requests the emulator served since the last call.
func (p *emulatorProcess) Requests() []string { return p.log.drain() }

// requestLog keeps the requests the emulator logs on stderr, one "METHOD PATH -> STATUS" each.
type requestLog struct {
	mu       sync.Mutex
	requests []string
}

func (l *requestLog) collect(r io.Reader) {
	s := bufio.NewScanner(r)
	for s.Scan() {
		if req, ok := parseRequest(s.Text()); ok {
			l.mu.Lock()
			l.requests = append(l.requests, req)
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
func parseRequest(line string) (string, bool) {
	fields := map[string]string{}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			fields[k] = v
		}
	}
	if fields["msg"] != "request" {
		return "", false
	}
	return fmt.Sprintf("%s %s -> %s", fields["method"], fields["path"], fields["status"]), true
}
