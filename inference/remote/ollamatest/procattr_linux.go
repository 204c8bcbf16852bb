//go:build linux

package ollamatest

import "syscall"

// procAttr puts the server in a process group of its own (its runners join
// it, so Stop ends them all) and has the kernel kill it when the test
// process dies first: a test binary killed by a signal runs no cleanups.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
