// Package piv reads the state of hardware keys (YubiKeys) through their
// PIV applet: serial, firmware, PIN and PUK retries, whether the factory
// credentials are still in place, the four main slots with their
// certificates, and whether each generated key proves, by attestation, that
// it was made on a genuine YubiKey. Findings turn that state into advice.
// For unlocking with a key (agree.go), it generates a P-256 key in a
// retired key-management slot (82 to 95), reads it, and does ECDH with it
// on the key.
//
// The errors of a key as a whole (no service, no key, several keys, pulled
// out, busy) are token/smartcard's, shared with token/oath; this package
// names the same values.
//
// It is the only package that imports piv-go. What piv-go has no call for
// (telling an empty reader from a key without opening it, the event counter
// Watch uses, PIN/PUK/management key metadata) goes through a small PC/SC
// binding of its own (pcsc.go). The hardware sits behind the Hardware and
// Device interfaces, so tests can put fakes there; the real stack is tested
// against virtual YubiKeys (internal/vyubikey) through pcscd.
//
// Security properties:
//
//   - Reading a key never sends a PIN or a PUK, and so never spends a retry.
//     On firmware 5.3 and later, retries and "still the default" come from
//     the key's own metadata (GET METADATA). On older firmware the PIN
//     retries come from an empty VERIFY, which only asks; the PUK's state
//     is reported unknown rather than guessed.
//   - On firmware without metadata, the factory management key is tried,
//     because the management key has no retry counter; the connection is
//     then reset so that no authentication outlives the read.
//   - Attestation is checked against Yubico's roots (piv-go's built-in
//     pool); tests inject their own roots with WithAttestationRoots.
//     An attestation must also name the key's own serial.
//   - Generating a key sends the management key the user gave, or the
//     factory default only when the user chose it and the key's metadata
//     says it is still in place: it is never guessed.
//   - Key agreement checks that the slot still holds the enrolled public
//     key before it asks for the PIN, gives the PIN prompt the tries left
//     (from metadata), and sends what the user typed once; a wrong PIN
//     says the tries left after it.
//   - Errors carry no secret: no PIN, no management key, no shared secret.
//
// The State struct is plain data and the stable JSON of `twofold keys
// --json`; see the README.
package piv
