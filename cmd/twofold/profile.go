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
// (prof.heap.0, ...). Release builds do not have this file.

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
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
		}
	}()
}
