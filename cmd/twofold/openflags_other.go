//go:build !unix

package main

// oNonBlock is 0 where opening a file cannot wait for a writer.
const oNonBlock = 0
