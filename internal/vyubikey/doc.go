// Package vyubikey is a virtual YubiKey for tests: a PIV applet with the
// YubiKey extensions, the management applet and the OTP applet's serial
// read, reachable through the real PC/SC stack by way of the vpcd driver
// (Debian's vsmartcard-vpcd).
//
// The point is to run the real path, piv-go -> libpcsclite -> pcscd -> vpcd
// -> this card, instead of a fake behind an interface, so that tests exercise
// what a user's machine does. Yubico's own tools (ykman, yubico-piv-tool)
// accept the card when the reader's name contains "Yubico YubiKey".
//
// Keys live in the four main slots and in the twenty retired
// key-management slots (82 to 95); GENERATE ASYMMETRIC makes them with
// their PIN and touch policies, and GENERAL AUTHENTICATE signs with them
// or, given a peer's point under tag 85, does ECDH (NIST SP 800-73-4 part
// 2 appendix A.5), as age-plugin-yubikey uses a YubiKey. A touch is taken
// as given and counted.
//
// The card keeps counters (PIN attempts, retries left, management key
// authentications) that tests read to prove that reading a key's state
// spends nothing.
//
// vpcd talks a tiny framed protocol over TCP: every message carries a
// two-byte big-endian length; one-byte messages are control messages (power
// off, power on, reset, ATR request) and longer ones are command APDUs.
// vpcd either listens itself (DEVICENAME /dev/null:PORT, on all
// interfaces, one port per reader slot from PORT up) or connects to the card
// (DEVICENAME HOST:PORT). Only the first works with Debian 12's vpcd: in the
// second, a card not (or no longer) listening makes vpcd call FD_SET on
// socket -1 and pcscd aborts. So the card dials (Dial), and the rig puts
// pcscd in a network namespace of its own where only loopback exists.
//
// Nothing here is for production: private keys live in memory, the
// attestation chain ends in a test CA, and the crypto is only as careful as a
// test needs.
package vyubikey
