// Package transfer moves seeds in and out of Twofold in the formats other
// authenticator apps use: Google Authenticator's otpauth-migration
// transfer links, text files of otpauth:// links, Aegis and 2FAS JSON
// exports (plain or encrypted), and Twofold's own encrypted backup.
//
// Every function here is pure: bytes in, []token.Seed out, or the other
// way round. Reading files, asking for passphrases and saving to the vault
// are the caller's business. One package holds every format because they
// share the rules that matter: Detect chooses among them by content, and
// every reader is all or nothing per input, names the part that is wrong
// ("entry 7: ...") and never puts a secret in an error.
//
// Security: decrypting an Aegis or 2FAS export proves nothing about who
// made it; what comes out is validated like any typed-in seed. The
// clear-text outputs (Migration links, URI lists) are the whole secrets;
// callers say so before writing them.
package transfer
