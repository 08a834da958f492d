// Package smartcard is a small PC/SC layer shared by the PIV and OATH code:
// list readers, read their state without opening a card, connect with a
// transaction held, and exchange APDUs, following response chaining.
//
// On Linux, macOS and FreeBSD it binds libpcsclite (or the PCSC framework)
// through cgo; on Windows it calls winscard.dll without cgo. The calls and
// constants follow the PC/SC workgroup specification part 5, pcsc-lite's
// winscard.h and Microsoft's winscard.h.
package smartcard
