// Package redistest starts real redis-server processes for tests: a
// single server with a password, an ACL user confined to the summary
// prefix and, on request, a TLS listener; and a three-master Redis Cluster.
// Every process listens on free loopback ports and is stopped by its pid
// when the test ends. redis-server and redis-cli come from Debian's
// redis-server and redis-tools packages (make deps installs them).
package redistest

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// AdminPassword is the default user's password: the test's own view of
	// the data, with every command.
	AdminPassword = "admin-secret"
	// User and UserPassword are the ACL user the tool connects as.
	User         = "summarizer"
	UserPassword = "team-secret"
	// KeyPattern is the key pattern the ACL user may touch.
	KeyPattern = "~summarizer:*"
	// Commands are the commands the ACL user may run: what the team tier
	// uses: reads are GETRANGE, writes SET, the circuit's probe PING; on a
	// cluster, CLUSTER SLOTS for the layout and COMMAND, which the cluster
	// client reads once to route commands. (HELLO and AUTH need no grant.)
	Commands = "-@all +getrange +set +ping +cluster|slots +command"

	readyTimeout = 10 * time.Second
	stopTimeout  = 5 * time.Second
)

// Options configure Start.
type Options struct {
	// Commands replaces the ACL user's commands (default Commands).
	Commands string
	// TLS adds a TLS listener (TLSAddr) with a certificate from CA.
	TLS bool
	// MaxMemory and Policy set maxmemory and maxmemory-policy.
	MaxMemory, Policy string
	cluster           bool
}

// Server is one redis-server process.
type Server struct {
	// Addr is the plain TCP listener, TLSAddr the TLS one (with Options.TLS).
	Addr, TLSAddr string
	// CA is the pool that verifies TLSAddr's certificate.
	CA *x509.CertPool

	t    testing.TB
	dir  string
	conf string
	cmd  *exec.Cmd
	exit chan struct{} // closed when cmd has been waited for
}

// Start starts a redis-server on free loopback ports and stops it when the
// test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	bin := lookPath(t, "redis-server")
	s := &Server{t: t, dir: shortTempDir(t)}
	if err := s.configure(opts); err != nil {
		t.Fatal(err)
	}
	s.start(bin)
	t.Cleanup(s.stop)
	return s
}

// lookPath finds a Redis program or fails the test saying how to install it.
func lookPath(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: run `make deps` (scripts/editors/install-apt.sh installs Debian's redis-server and redis-tools)", name)
	}
	return p
}

// shortTempDir is a temporary directory; redis-server's paths are short.
func shortTempDir(t testing.TB) string {
	dir, err := os.MkdirTemp("", "redistest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// freePort returns a loopback port nobody listens on, and for a cluster
// node one whose bus port (port+10000) is free too.
func freePort(bus bool) (int, error) {
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !bus {
			return port, nil
		}
		if port+10000 > 65535 {
			continue
		}
		if b, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+10000)); err == nil {
			b.Close()
			return port, nil
		}
	}
	return 0, errors.New("redistest: no free port")
}

// configure writes the server's configuration file.
func (s *Server) configure(opts Options) error {
	port, err := freePort(opts.cluster)
	if err != nil {
		return err
	}
	s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	cmds := opts.Commands
	if cmds == "" {
		cmds = Commands
	}
	lines := []string{
		"bind 127.0.0.1",
		"port " + strconv.Itoa(port),
		"dir " + s.dir,
		`save ""`,
		"appendonly no",
		"daemonize no",
		"logfile " + filepath.Join(s.dir, "redis.log"),
		"requirepass " + AdminPassword,
		fmt.Sprintf("user %s on >%s %s resetchannels %s", User, UserPassword, KeyPattern, cmds),
	}
	if opts.MaxMemory != "" {
		lines = append(lines, "maxmemory "+opts.MaxMemory)
	}
	if opts.Policy != "" {
		lines = append(lines, "maxmemory-policy "+opts.Policy)
	}
	if opts.cluster {
		lines = append(lines, "cluster-enabled yes", "cluster-config-file "+filepath.Join(s.dir, "nodes.conf"),
			"cluster-node-timeout 5000", "masterauth "+AdminPassword)
	}
	if opts.TLS {
		tlsLines, err := s.makeTLS()
		if err != nil {
			return err
		}
		lines = append(lines, tlsLines...)
	}
	s.conf = filepath.Join(s.dir, "redis.conf")
	return os.WriteFile(s.conf, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}

// makeTLS writes a CA and a server certificate for 127.0.0.1 and returns
// the TLS configuration lines.
func (s *Server) makeTLS() ([]string, error) {
	port, err := freePort(false)
	if err != nil {
		return nil, err
	}
	s.TLSAddr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "redistest CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		"ca.crt":     pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		"server.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		"server.key": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(s.dir, name), b, 0o600); err != nil {
			return nil, err
		}
	}
	s.CA = x509.NewCertPool()
	s.CA.AddCert(ca)
	return []string{
		"tls-port " + strconv.Itoa(port),
		"tls-cert-file " + filepath.Join(s.dir, "server.crt"),
		"tls-key-file " + filepath.Join(s.dir, "server.key"),
		"tls-ca-cert-file " + filepath.Join(s.dir, "ca.crt"),
		"tls-auth-clients no",
	}, nil
}

// CAFile is the PEM file of the CA that signed the TLS certificate.
func (s *Server) CAFile() string { return filepath.Join(s.dir, "ca.crt") }

// start runs redis-server with the configuration and waits until it
// answers.
func (s *Server) start(bin string) {
	s.t.Helper()
	cmd := exec.Command(bin, s.conf)
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	s.cmd, s.exit = cmd, make(chan struct{})
	exit := s.exit
	go func() {
		_ = cmd.Wait()
		close(exit)
	}()
	deadline := time.Now().Add(readyTimeout)
	for {
		if s.answers() {
			return
		}
		select {
		case <-exit:
			s.t.Fatalf("redis-server exited at start:\n%s", s.Log())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("redis-server did not answer within %v:\n%s", readyTimeout, s.Log())
		}
	}
}

// answers reports whether the server answers PING.
func (s *Server) answers() bool {
	c := s.newAdmin()
	defer c.Close()
	return c.Ping(context.Background()).Err() == nil
}

// Log is the server's log file.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
	return string(b)
}

// Pid is the server process's id.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Admin returns a client logged in as the default user (every command),
// closed when the test ends.
func (s *Server) Admin() *redis.Client {
	c := s.newAdmin()
	s.t.Cleanup(func() { c.Close() })
	return c
}

func (s *Server) newAdmin() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: s.Addr, Password: AdminPassword, DialTimeout: time.Second,
		ReadTimeout: time.Second, MaxRetries: -1, DisableIdentity: true, Protocol: 2})
}

// URL is the redis:// URL of the ACL user, without the password.
func (s *Server) URL() string { return "redis://" + User + "@" + s.Addr }

// TLSURL is the rediss:// URL of the ACL user on the TLS listener.
func (s *Server) TLSURL() string { return "rediss://" + User + "@" + s.TLSAddr }

// Kill ends the server with SIGKILL, as a crash would, and waits for it.
func (s *Server) Kill() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		s.t.Fatal(err)
	}
	<-s.exit
}

// Restart starts the server again on the same ports after Kill.
func (s *Server) Restart() {
	s.t.Helper()
	s.start(lookPath(s.t, "redis-server"))
}

// Freeze stops the process (SIGSTOP): the kernel still accepts
// connections, and nothing ever answers them. Thaw resumes it.
func (s *Server) Freeze() { s.signal(syscall.SIGSTOP) }

// Thaw resumes a frozen server.
func (s *Server) Thaw() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatal(err)
	}
}

// stop ends the server by its pid: SIGTERM, then SIGKILL after stopTimeout.
func (s *Server) stop() {
	select {
	case <-s.exit:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGCONT)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exit:
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
		<-s.exit
	}
}

// Cluster is a Redis Cluster of three masters and no replicas.
type Cluster struct {
	Nodes []*Server
}

// StartCluster starts three cluster-enabled servers with opts, joins them
// with redis-cli --cluster create and waits until every node reports the
// cluster ok.
func StartCluster(t testing.TB, opts Options) *Cluster {
	t.Helper()
	cli := lookPath(t, "redis-cli")
	opts.cluster = true
	c := &Cluster{}
	for range 3 {
		c.Nodes = append(c.Nodes, Start(t, opts))
	}
	args := []string{"-a", AdminPassword, "--no-auth-warning", "--cluster", "create"}
	for _, n := range c.Nodes {
		args = append(args, n.Addr)
	}
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command(cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	deadline := time.Now().Add(readyTimeout)
	for _, n := range c.Nodes {
		for !n.clusterOK() {
			if time.Now().After(deadline) {
				t.Fatalf("cluster not ok within %v:\n%s", readyTimeout, n.Log())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return c
}

// clusterOK reports whether the node sees the cluster as ok.
func (s *Server) clusterOK() bool {
	c := s.newAdmin()
	defer c.Close()
	info, err := c.ClusterInfo(context.Background()).Result()
	if err != nil {
		return false
	}
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "cluster_state:ok" {
			return true
		}
	}
	return false
}

// URL is the comma-separated seed list of the ACL user.
func (c *Cluster) URL() string {
	seeds := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		seeds[i] = n.Addr
	}
	return "redis://" + User + "@" + strings.Join(seeds, ",")
}

// TLSConfig is a client configuration trusting s's CA.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.CA, MinVersion: tls.VersionTLS12}
}
