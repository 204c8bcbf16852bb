package cache

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
)

// childEnv makes the test binary act as a second cache process; see TestMain.
const childEnv = "SUMMARIZER_CACHE_TEST_CHILD"

// TestMain runs the child roles when the test binary is re-executed by
// startChild: "<role> <dir> <first> <count>".
func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		if err := runChild(spec); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runChild(spec string) error {
	var role, dir string
	var first, count int
	if _, err := fmt.Sscan(spec, &role, &dir, &first, &count); err != nil {
		return fmt.Errorf("bad spec %q: %w", spec, err)
	}
	c, err := Open(Options{Dir: dir, MemEntries: 8})
	if err != nil {
		return err
	}
	ctx := context.Background()
	for i := first; i < first+count; i++ {
		if err := c.Put(ctx, key(i), value(i)); err != nil {
			return err
		}
		if role == "writer" {
			// Read back something the parent or the other child may be
			// writing at the same time; a miss is fine, an error is not.
			if _, _, err := c.Get(ctx, key(i^1), 0, nil); err != nil {
				return err
			}
		}
	}
	if role == "crash" {
		// Die without Close, as a killed editor's server would.
		return syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	return c.Close()
}

func startChild(t *testing.T, role, dir string, first, count int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role+" "+dir+" "+strconv.Itoa(first)+" "+strconv.Itoa(count))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func TestTwoProcessesShareFile(t *testing.T) {
	dir := t.TempDir()
	const per = 300
	children := []*exec.Cmd{
		startChild(t, "writer", dir, 0, per),
		startChild(t, "writer", dir, per, per),
	}
	c := openTest(t, Options{Dir: dir, MemEntries: 8})
	for i := 2 * per; i < 3*per; i++ {
		mustPut(t, c, i)
		if _, _, err := c.Get(context.Background(), key(i-per), 0, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range children {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	mustLen(t, c, 3*per)
	for i := range 3 * per {
		mustGet(t, c, i)
	}
}

func TestValuesSurviveKilledProcess(t *testing.T) {
	dir := t.TempDir()
	const n = 500
	err := startChild(t, "crash", dir, 0, n).Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child should have been killed, got %v", err)
	}
	c := openTest(t, Options{Dir: dir, MemEntries: 8})
	mustLen(t, c, n)
	for i := range n {
		mustGet(t, c, i)
	}
}
