//go:build !unix

package secretfile

// oNoFollow is 0 where open has no such flag; on Windows creating a file
// with O_EXCL fails on an existing link anyway.
const oNoFollow = 0
