// Package transfer moves seeds in and out of Twofold in the formats other
// authenticator apps use: Google Authenticator's otpauth-migration
// transfer links, text files of otpauth:// links (WinAuth's and Ente's
// plain exports among them), the exports of Aegis, 2FAS, andOTP,
// Bitwarden, Proton Authenticator and Proton Pass, Authenticator Pro, Ente
// Auth, FreeOTP+, LastPass Authenticator and Steam Guard maFiles (plain or
// encrypted, where the app encrypts), KeePass KDBX 4 databases, Google's
// and Microsoft's authenticator databases, FreeOTP's and Authy's token
// files, and Twofold's own encrypted backup.
//
// Every function here is pure: bytes in, Contents out, or the other way
// round. Reading files, asking for passphrases and saving to the vault are
// the caller's business. One package holds every format because they
// share the rules that matter:
//
//   - Detect chooses among them by content, from one table (detect.go);
//   - nothing stranded: ReadEntries (and every format's reader) takes
//     every entry it can make codes for, and names each other one in
//     Contents.Unread with its place and a Reason code, which each front
//     end words; it fails, returning nothing, only for a file that cannot
//     be read at all (unknown, damaged, wrong passphrase, hostile work
//     factors). Read is the same for a caller that takes whole files only
//     (an UnreadError names the first entry left out);
//   - nothing changed: a seed comes in as the app held it (a short secret
//     is kept, a Steam seed keeps its issuer), and a Google export of
//     several codes is taken code by code (JoinBatches says which codes
//     are still to come);
//   - no secret, and no field's value, in an error.
//
// Security: the work factors a file asks for are checked with token/kdf
// before any derivation. Decrypting an export proves nothing about who
// made it; what comes out is validated like any typed-in seed. The
// clear-text outputs (Migration links, URI lists) are the whole secrets;
// callers say so before writing them.
package transfer
