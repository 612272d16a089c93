package org.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sluice.config.ConfigException;
import org.sluice.internal.server.Configurator;
import org.sluice.internal.server.Options;
import org.sluice.internal.server.SluiceServer;
import org.sluice.server.Server;

/**
 * A real Sluice server inside the test JVM, configured from text, listening on loopback.
 *
 * <pre>{@code
 * int port = TestServer.freePort();
 * try (TestServer server = TestServer.start(dir, "Listen 127.0.0.1:" + port + " echo\nLoadModule echo")) {
 *     // talk to port
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {

    private final SluiceServer server;
    private final Path root;

    private TestServer(SluiceServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /** Writes {@code config} as {@code conf/sluice.conf} under {@code root} and starts a server on it. */
    public static TestServer start(Path root, String config) throws Exception {
        Path conf = root.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("sluice.conf"), config, StandardCharsets.UTF_8);
        return start(root);
    }

    /**
     * A server listening on 127.0.0.1:{@code port} whose protocol is the {@code handler} class,
     * its handlers scheduled as {@code HandlerScheduler scheduler} says.
     */
    public static TestServer startHandler(Path root, int port, String scheduler, Class<?> handler) throws Exception {
        return start(root, """
                Listen 127.0.0.1:%d
                GracefulShutdownTimeout 2
                HandlerScheduler %s
                ProtocolHandler %s
                """.formatted(port, scheduler, handler.getName()));
    }

    /** Starts a server on {@code root/conf/sluice.conf}. */
    public static TestServer start(Path root) throws Exception {
        SluiceServer server = new SluiceServer();
        server.configure(Configurator.read(Options.parse(new String[0], root)));
        server.start();
        return new TestServer(server, root);
    }

    /** Reads and validates a configuration without starting anything. */
    public static void check(Path root, String config) throws ConfigException {
        configure(root, config);
    }

    /**
     * Reads and validates a configuration and returns the server it describes, not started:
     * its hosts and their merged configuration can be inspected.
     */
    public static Server configure(Path root, String config) throws ConfigException {
        try {
            Path conf = root.resolve("conf");
            Files.createDirectories(conf);
            Files.writeString(conf.resolve("sluice.conf"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SluiceServer server = new SluiceServer();
        server.configure(Configurator.read(Options.parse(new String[0], root)));
        return server;
    }

    /**
     * Replaces the configuration file with {@code config} and re-reads it as a graceful
     * restart does.
     */
    public void reload(String config) throws Exception {
        Files.writeString(root.resolve("conf/sluice.conf"), config, StandardCharsets.UTF_8);
        server.gracefulRestart(Configurator.read(Options.parse(new String[0], root)));
    }

    /** A port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Server server() {
        return server;
    }

    public Path root() {
        return root;
    }

    /** The bound listeners, in {@code Listen} order. */
    public List<InetSocketAddress> addresses() {
        return server.boundAddresses();
    }

    /** Port of the {@code index}th listener. */
    public int port(int index) {
        return addresses().get(index).getPort();
    }

    /** Stops gracefully, waiting for open connections up to {@code GracefulShutdownTimeout}. */
    @Override
    public void close() {
        server.stopGracefully();
    }
}
