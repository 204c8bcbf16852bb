//go:build !linux

package ollamatest

import "syscall"

// procAttr puts the server in a process group of its own (its runners join
// it, so Stop ends them all).
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
