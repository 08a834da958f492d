// Package oath stores and reads seeds on YubiKeys through the YKOATH
// application (Yubico's "YKOATH protocol specification"): SELECT, LIST,
// PUT, DELETE, CALCULATE, CALCULATE ALL, VALIDATE, SET CODE and SEND
// REMAINING. It speaks to the key through a Transport, which package
// smartcard provides on the real PC/SC stack.
//
// The access password never leaves this package in any form but the
// PBKDF2 key the protocol asks for, and never appears in an error.
package oath
