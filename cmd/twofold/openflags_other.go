//go:build !unix

package main

// oNoFollow is 0 where open has no such flag; on Windows creating a file
// with O_EXCL fails on an existing link anyway.
const oNoFollow = 0

// oNonBlock is 0 where opening a file cannot wait for a writer.
const oNonBlock = 0
