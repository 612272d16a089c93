package org.sluice.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real {@code bin/sluice} as a child process: started with a command line, awaited until it
 * prints its ready line, stopped with SIGTERM. Standard output and error are captured line by
 * line. The launcher execs the JVM, so {@link #pid()} is the server's pid.
 *
 * <pre>{@code
 * try (SluiceProcess server = SluiceProcess.builder(root).port("ECHO_PORT").start()) {
 *     try (LineClient c = LineClient.connect(server.port("ECHO_PORT"))) { ... }
 *     assertThat(server.stop()).isZero();
 * }
 * }</pre>
 *
 * <p>Every process still alive when the test JVM exits is killed, so a crashed test run leaves
 * no server behind.
 */
final class SluiceProcess implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final String PARANOID_LEAK_DETECTION = "-Dio.netty.leakDetection.level=PARANOID";
    /** How Netty starts a leak report. */
    private static final String LEAK_MARK = "LEAK: ";
    private static final String READY_MARK = " ready, listening on ";
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(SluiceProcess::kill)));
    }

    private final Process process;
    private final Map<String, Integer> ports;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private SluiceProcess(Process process, Map<String, Integer> ports) {
        this.process = process;
        this.ports = Map.copyOf(ports);
        LIVE.add(process);
        stdoutReader = Thread.ofPlatform().daemon().name("sluice-stdout-" + process.pid())
                .start(() -> collect(process.getInputStream(), stdout, false));
        stderrReader = Thread.ofPlatform().daemon().name("sluice-stderr-" + process.pid())
                .start(() -> collect(process.getErrorStream(), stderr, true));
    }

    // ---- where things are ----

    /** The installation: the directory holding {@code bin/sluice} (set by the build as {@code sluice.home}). */
    static Path home() {
        String property = System.getProperty("sluice.home");
        Path start = Path.of(property != null ? property : "").toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/sluice")) && Files.isRegularFile(p.resolve("conf/sluice.conf"))) {
                return p;
            }
        }
        throw new IllegalStateException("no bin/sluice in " + start + " or above it; set -Dsluice.home");
    }

    static Path launcher() {
        return home().resolve("bin/sluice");
    }

    /** The JDK the launcher runs the server with: the one running the tests, when new enough. */
    static Path javaHome() {
        Completed found = exec(List.of(home().resolve("bin/find-java").toString()), Duration.ofSeconds(30));
        if (found.exitCode() != 0) {
            throw new IllegalStateException("bin/find-java failed: " + found.stderr());
        }
        return Path.of(found.stdout().strip());
    }

    // ---- running ----

    /** Starts a server with the given port Defines and arguments. */
    static Builder builder(Path serverRoot) {
        return new Builder(serverRoot);
    }

    /** Runs {@code bin/sluice args} to completion ({@code -t}, {@code -S}, {@code -M}, {@code -v}). */
    static Completed run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        return exec(command, EXIT_TIMEOUT);
    }

    /** What a process that ran to completion printed and returned. */
    record Completed(int exitCode, String stdout, String stderr) {

        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    static final class Builder {

        private final Path serverRoot;
        private final List<String> portNames = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> wrapper = new ArrayList<>();

        private Builder(Path serverRoot) {
            this.serverRoot = serverRoot;
        }

        /** Passes a free port as {@code -C "Define name port"}. */
        Builder port(String name) {
            portNames.add(name);
            return this;
        }

        Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Runs the launcher through {@code command} (such as {@code setpriv} with another user's ids). */
        Builder wrappedIn(List<String> command) {
            wrapper.addAll(command);
            return this;
        }

        /** Runs {@code bin/sluice -t} with this builder's environment, wrapper, ports and arguments. */
        Completed check() {
            List<String> command = command(new LinkedHashMap<>());
            command.add("-t");
            return exec(command, environment, EXIT_TIMEOUT);
        }

        private List<String> command(Map<String, Integer> ports) {
            List<String> command = new ArrayList<>(wrapper);
            command.addAll(List.of(launcher().toString(), "-d", serverRoot.toString()));
            for (String name : portNames) {
                int port = freePort(ports.values());
                ports.put(name, port);
                command.addAll(List.of("-C", "Define " + name + " " + port));
            }
            command.addAll(args);
            return command;
        }

        /**
         * Starts the server and waits for its ready line. Free ports are picked just before the
         * start; if another process takes one first, the start is retried with new ones.
         */
        SluiceProcess start() {
            for (int attempt = 1; ; attempt++) {
                Map<String, Integer> ports = new LinkedHashMap<>();
                List<String> command = command(ports);
                SluiceProcess server = new SluiceProcess(spawn(command, environment), ports);
                try {
                    server.awaitReady();
                    return server;
                } catch (AssertionError e) {
                    server.close();
                    if (attempt >= 3 || !server.stderr().contains("Address already in use")) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Waits for the ready line; fails with what the server printed if it exits or takes too long. */
    String awaitReady() {
        try {
            return ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no ready line within " + READY_TIMEOUT + "; stderr:\n" + stderr());
        } catch (ExecutionException e) {
            throw new AssertionError("the server exited before it was ready; stderr:\n" + stderr(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String readyLine() {
        return awaitReady();
    }

    /** The port passed as {@code Define name}. */
    int port(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no port named " + name + " (have " + ports.keySet() + ")");
        }
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    String stdout() {
        synchronized (stdout) {
            return String.join("\n", stdout);
        }
    }

    /** Sends SIGTERM (without waiting). */
    void terminate() {
        process.destroy();
    }

    /** SIGTERM, then waits for the exit; returns the exit code. A server that does not exit is killed and fails the test. */
    int stop() {
        terminate();
        return awaitExit(EXIT_TIMEOUT);
    }

    /** Waits for the process to exit; returns its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError("the server did not exit within " + timeout + "; killed it. stderr:\n" + stderr());
            }
            stderrReader.join(TimeUnit.SECONDS.toMillis(5));
            stdoutReader.join(TimeUnit.SECONDS.toMillis(5));
            assertNoLeaks();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (!process.isAlive()) {
                LIVE.remove(process);
            }
        }
        return process.exitValue();
    }

    /** Kills the server if it still runs: the safety net for failed tests. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill(process);
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(process);
        assertNoLeaks();
    }

    /**
     * The server's threads as {@code jcmd Thread.print} shows them (event loops, handlers, the
     * access log writer): what a test prints when the server stops answering.
     */
    String threadDump() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Completed dump = exec(List.of(jcmd.toString(), Long.toString(pid()), "Thread.print"), Duration.ofSeconds(30));
            return dump.stdout() + dump.stderr();
        } catch (AssertionError | RuntimeException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        }
    }

    /** Fails if the server reported a buffer it never released (Netty finds them as the GC collects them). */
    void assertNoLeaks() {
        String err = stderr();
        if (err.contains(LEAK_MARK)) {
            throw new AssertionError("the server leaked buffers:\n" + err);
        }
    }

    // ---- internals ----

    private void collect(InputStream stream, List<String> lines, boolean watchForReady) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (watchForReady && line.contains(READY_MARK)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        } finally {
            if (watchForReady) {
                ready.completeExceptionally(new IllegalStateException("standard error closed without a ready line"));
            }
        }
    }

    private static Process spawn(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home().toFile());
        Map<String, String> env = builder.environment();
        // the distribution module was packaged before these tests: never rebuild under them
        env.put("SLUICE_NO_BUILD", "1");
        // the JDK that runs the tests (so its jcmd can look at the server), when find-java accepts it
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("SLUICE_JAVA_OPTS");
        env.putAll(environment);
        // every buffer watched for leaks, as in the other tests; a leak found is reported on
        // standard error, and fails the test (see assertNoLeaks)
        env.merge("SLUICE_JAVA_OPTS", PARANOID_LEAK_DETECTION, (given, paranoid) -> paranoid + " " + given);
        requirePackagedDistribution();
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static void requirePackagedDistribution() {
        Path lib = home().resolve("distribution/target/lib");
        try (var jars = Files.list(lib)) {
            if (jars.anyMatch(p -> p.getFileName().toString().startsWith("sluice-framework"))) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException(lib + " holds no server: package the distribution module first"
                + " (mvn install -DskipTests, or run these tests through the reactor build)");
    }

    /** Runs any command (a JDK tool, say) to completion, killing it after {@code timeout}. */
    static Completed exec(List<String> command, Duration timeout) {
        return exec(command, Map.of(), timeout);
    }

    /** Runs any command with {@code environment} added to the test's own, killing it after {@code timeout}. */
    static Completed exec(List<String> command, Map<String, String> environment, Duration timeout) {
        Process process = spawn(command, environment);
        LIVE.add(process);
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError(command + " did not finish within " + timeout);
            }
            return new Completed(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot read the output of " + command, e);
        } finally {
            kill(process);
            LIVE.remove(process);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** A port nothing listens on right now (the server binds every address, so check the wildcard). */
    static int freePort(Collection<Integer> taken) {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress((InetAddress) null, 0));
                int port = socket.getLocalPort();
                if (!taken.contains(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
        throw new IllegalStateException("cannot find a free port");
    }
}
