// Package smartcard is a small PC/SC layer shared by the PIV and OATH code:
// list readers, read their state without opening a card, connect with a
// transaction held, and exchange APDUs, following response chaining.
//
// It is also the one home of what goes wrong with a key as a whole, for
// every application on it (errors.go): sentinels (no service, no reader,
// no key, pulled out, busy, not a YubiKey), a PC/SC return code that
// unwraps to them, typed errors that carry data (the serials of several
// keys plugged in, the serial asked for, the reader, a status word), and
// the one reading of a key's serial (ReadSerial). Errors are data: the
// command line and the app word them.
//
// On Linux, macOS and FreeBSD it binds libpcsclite (or the PCSC framework)
// through cgo; on Windows it calls winscard.dll without cgo. The calls and
// constants follow the PC/SC workgroup specification part 5, pcsc-lite's
// winscard.h and Microsoft's winscard.h.
package smartcard
