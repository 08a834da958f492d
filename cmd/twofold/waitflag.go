package main

import (
	"errors"
	"time"

	"github.com/twofoldmfa/twofold/token/vault"
)

// waitFlag is --wait: how long a command waits for another process that
// holds the vault's lock. Unset, it is def (the cli's lockWait); 0
// tries once.
type waitFlag struct {
	d   time.Duration
	set bool
	def time.Duration
}

func (w *waitFlag) duration() time.Duration {
	if !w.set {
		return w.def
	}
	return w.d
}

func (w *waitFlag) String() string {
	if w == nil {
		return vault.DefaultLockWait.String()
	}
	return w.duration().String()
}

func (w *waitFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return errors.New("give a duration such as 30s or 2m")
	}
	w.d, w.set = d, true
	return nil
}
