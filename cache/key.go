package cache

import "encoding/hex"

// Key is the 32-byte digest a value is stored under. The cache does not know
// how keys are made: its callers hash whatever identifies a value.
type Key = [32]byte

// keyString is k in lowercase hexadecimal, for messages.
func keyString(k Key) string { return hex.EncodeToString(k[:]) }
