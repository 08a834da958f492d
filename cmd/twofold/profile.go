//go:build twofold_pprof

package main

// A profiling build of the app, for the figures in BENCHMARKS.md:
//
//	go build -tags twofold_pprof -o twofold-pprof ./cmd/twofold
//	TWOFOLD_PROFILE=/tmp/prof ./twofold-pprof --vault ...
//
// writes a CPU profile from the start (prof.cpu.0); each SIGUSR2 ends the
// current CPU profile and starts the next (prof.cpu.1, ...), so that a
// window of interest (the idle time with codes on screen) has a profile
// of its own; each SIGUSR1 writes a heap profile after a collection
// (prof.heap.0, ...) and the runtime's memory classes beside it
// (prof.mem.0, ...: how much of the resident set is live heap, free heap
// not yet returned, stacks, runtime metadata). Release builds do not
// have this file.

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"syscall"
)

func init() {
	base := os.Getenv("TWOFOLD_PROFILE")
	if base == "" {
		return
	}
	cpu, heap := 0, 0
	var current *os.File
	startCPU := func() {
		f, err := os.Create(fmt.Sprintf("%s.cpu.%d", base, cpu))
		if err != nil {
			fmt.Fprintf(os.Stderr, "twofold: profile: %v\n", err)
			return
		}
		cpu++
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "twofold: profile: %v\n", err)
			f.Close()
			return
		}
		current = f
	}
	startCPU()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGUSR1, syscall.SIGUSR2)
	go func() {
		for s := range signals {
			if s == syscall.SIGUSR2 {
				pprof.StopCPUProfile()
				current.Close()
				startCPU()
				continue
			}
			runtime.GC()
			f, err := os.Create(fmt.Sprintf("%s.heap.%d", base, heap))
			if err != nil {
				fmt.Fprintf(os.Stderr, "twofold: profile: %v\n", err)
				continue
			}
			heap++
			if err := pprof.WriteHeapProfile(f); err != nil {
				fmt.Fprintf(os.Stderr, "twofold: profile: %v\n", err)
			}
			f.Close()
			if err := writeMemClasses(fmt.Sprintf("%s.mem.%d", base, heap-1)); err != nil {
				fmt.Fprintf(os.Stderr, "twofold: profile: %v\n", err)
			}
		}
	}()
}

// writeMemClasses writes the runtime's /memory/classes metrics and the
// GC's settings, one "name value" a line, in bytes.
func writeMemClasses(path string) error {
	var samples []metrics.Sample
	for _, d := range metrics.All() {
		if d.Kind == metrics.KindUint64 && (strings.HasPrefix(d.Name, "/memory/classes/") ||
			strings.HasPrefix(d.Name, "/gc/heap/goal") || d.Name == "/gc/heap/allocs:bytes" ||
			d.Name == "/gc/cycles/total:gc-cycles" || strings.HasPrefix(d.Name, "/gc/gomemlimit") ||
			strings.HasPrefix(d.Name, "/gc/gogc")) {
			samples = append(samples, metrics.Sample{Name: d.Name})
		}
	}
	metrics.Read(samples)
	var b strings.Builder
	for _, s := range samples {
		fmt.Fprintf(&b, "%-50s %12d\n", s.Name, s.Value.Uint64())
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
