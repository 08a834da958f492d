// Command vyubikey runs virtual YubiKeys for the PC/SC test rig: each card
// connects to pcscd's vpcd driver on 127.0.0.1, the first on -port, the
// next on -port+1, and so on (vpcd gives each reader slot a port).
//
//	vyubikey -port 35963 -config cards.json -ca-out ca.pem
//
// cards.json is a JSON array of vyubikey.Config objects; without -config one
// factory-fresh card with serial -serial is made. All cards share one test
// attestation CA, written to -ca-out as PEM. The command runs until it is
// interrupted.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/twofoldmfa/twofold/internal/vyubikey"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vyubikey:", err)
		os.Exit(1)
	}
}

func run() error {
	port := flag.Int("port", 35963, "first TCP port on 127.0.0.1")
	configPath := flag.String("config", "", "JSON array of card configurations")
	serial := flag.Uint("serial", 10000001, "serial of the single default card")
	caOut := flag.String("ca-out", "", "write the attestation CA certificate (PEM) here")
	flag.Parse()

	cfgs := []vyubikey.Config{{Serial: uint32(*serial)}}
	if *configPath != "" {
		b, err := os.ReadFile(*configPath)
		if err != nil {
			return err
		}
		cfgs = nil
		if err := json.Unmarshal(b, &cfgs); err != nil {
			return fmt.Errorf("%s: %w", *configPath, err)
		}
	}
	ca, err := vyubikey.NewCA("Twofold Test PIV Root CA")
	if err != nil {
		return err
	}
	if *caOut != "" {
		if err := os.WriteFile(*caOut, ca.PEM(), 0o644); err != nil {
			return err
		}
	}
	for i, cfg := range cfgs {
		cfg.CA = ca
		card, err := vyubikey.New(cfg)
		if err != nil {
			return fmt.Errorf("card %d: %w", i, err)
		}
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(*port+i))
		s, err := vyubikey.Dial(addr, card)
		if err != nil {
			return fmt.Errorf("card %d: %w", i, err)
		}
		defer s.Close()
		fmt.Printf("card serial %d on %s\n", card.Serial(), addr)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	return nil
}
