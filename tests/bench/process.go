package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// startup is how long the provider plugin takes from exec to printing its gRPC port, which is
// when the engine can use it, and how much memory it holds then.
type startup struct {
	Binary   string  `json:"binary"`
	Runs     int     `json:"runs"`
	MedianMS float64 `json:"median_ms"`
	MinMS    float64 `json:"min_ms"`
	MaxMS    float64 `json:"max_ms"`
	RSSMB    float64 `json:"rss_mb"`
}

func timeStartup(ctx context.Context, binary string, runs int) (startup, error) {
	var times, rss []float64
	for range runs {
		ms, mb, err := startOnce(ctx, binary)
		if err != nil {
			return startup{}, err
		}
		times, rss = append(times, ms), append(rss, mb)
	}
	slices.Sort(times)
	return startup{Binary: binary, Runs: runs, MedianMS: median(times), MinMS: times[0], MaxMS: times[len(times)-1], RSSMB: median(rss)}, nil
}

// startOnce starts the plugin as the engine does and waits for the port line.
func startOnce(ctx context.Context, binary string) (ms, rssMB float64, err error) {
	cmd := exec.CommandContext(ctx, binary)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	elapsed := time.Since(start)
	if _, perr := strconv.Atoi(strings.TrimSpace(line)); err != nil || perr != nil {
		return 0, 0, fmt.Errorf("%s printed %q instead of its port: %v", binary, line, err)
	}
	return float64(elapsed) / float64(time.Millisecond), peakRSS(cmd.Process.Pid), nil
}

func median(sorted []float64) float64 {
	s := slices.Clone(sorted)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// peakRSS is a process's peak resident memory in MB (VmHWM), 0 where /proc has none.
func peakRSS(pid int) float64 {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// rssWatch follows the peak memory of every process running a binary: the engine starts the
// provider plugin itself, so its processes are found by their executable in /proc.
type rssWatch struct {
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
	peak float64
}

func watchPeakRSS(binary string) *rssWatch {
	w := &rssWatch{done: make(chan struct{})}
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			w.sample(binary)
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

func (w *rssWatch) sample(binary string) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == binary {
			mb := peakRSS(pid)
			w.mu.Lock()
			w.peak = max(w.peak, mb)
			w.mu.Unlock()
		}
	}
}

// stop ends the watch and returns the peak seen, in MB.
func (w *rssWatch) stop() float64 {
	w.once.Do(func() { close(w.done) })
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peak
}
