//go:build twofold_fastkdf

package transfer

// Test builds trade the backup KDF's cost for speed.
func init() { backupWorkFactor = 10 }
