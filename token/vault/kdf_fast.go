//go:build twofold_fastkdf

package vault

// Test builds trade the KDF's cost for speed; see newVaultWorkFactor.
func init() { newVaultWorkFactor = minWorkFactor }
