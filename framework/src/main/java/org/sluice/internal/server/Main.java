package org.sluice.internal.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.sluice.config.ConfigException;
import org.sluice.internal.config.ServerConfiguration;
import org.sluice.server.ServerVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** {@code bin/sluice}: parses the command line, checks or shows the configuration, or runs the server. */
public final class Main {

    public static final String VERSION = ServerVersion.current().toString();

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path installation = Path.of(System.getProperty("sluice.home", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(args, installation);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                err.println("sluice: " + e.getMessage());
            }
            err.print(Options.USAGE);
            return e.getMessage().isEmpty() ? 0 : 2;
        }
        if (options.version) {
            out.println("Server version: " + VERSION + " (Java " + Runtime.version() + ")");
            return 0;
        }
        ErrorLogSetup.defaults();
        SluiceServer server = new SluiceServer();
        Generation generation;
        try {
            ServerConfiguration configuration = Configurator.read(options);
            generation = server.configure(configuration);
            if (options.test || options.dumpHosts || options.dumpModules) {
                generation.checkPaths();
            }
        } catch (ConfigException e) {
            err.println(e.report());
            return 1;
        }
        if (options.signal != null && !options.signal.equals("start")) {
            return signal(options.signal, generation, err);
        }
        if (options.dumpHosts) {
            out.print(Describe.hosts(generation));
        }
        if (options.dumpModules) {
            out.print(Describe.modules(generation));
        }
        if (options.test) {
            err.println("Syntax OK");
        }
        if (options.test || options.dumpHosts || options.dumpModules) {
            return 0;
        }
        return serve(server, generation, options, err);
    }

    /** SIGHUP / {@code -k graceful}: a new configuration if it is valid, else the old one stays. */
    private static void restart(SluiceServer server, Options options, PrintStream err) {
        Logger log = LoggerFactory.getLogger(Main.class);
        try {
            List<String> bound = server.gracefulRestart(Configurator.read(options));
            String line = VERSION + " configured again, listening on " + String.join(", ", bound);
            err.println(line);
            log.info(line);
        } catch (ConfigException e) {
            log.error("graceful restart refused, keeping the running configuration:\n{}", e.report());
        } catch (Exception e) {
            log.error("graceful restart failed, keeping the running configuration: {}", e.toString());
        }
    }

    private static int serve(SluiceServer server, Generation generation, Options options, PrintStream err) {
        var global = generation.global();
        ErrorLogSetup.apply(global.errorLog, global.logLevels, global.errorLogFormat);
        Logger log = LoggerFactory.getLogger(Main.class);
        List<String> bound;
        try {
            server.runLifecycle(org.sluice.hook.Hooks.PRE_CONFIG);
            bound = server.start();
        } catch (Exception e) {
            err.println("sluice: could not start: " + e.getMessage());
            log.debug("could not start", e);
            return 1;
        }
        String pid = ProcessHandle.current().pid() + "\n";
        if (global.pidFile != null) {
            try {
                if (Files.isDirectory(global.pidFile)) {
                    throw new IOException("it is a directory");
                }
                Files.createDirectories(global.pidFile.toAbsolutePath().getParent());
                Files.writeString(global.pidFile, pid, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                // as Apache: a server that cannot say its pid cannot be stopped with -k stop
                err.println("sluice: could not start: cannot write PidFile " + global.pidFile + ": " + e.getMessage());
                server.stopGracefully();
                return 1;
            }
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("HUP"), s -> Thread.ofPlatform().name("sluice-restart").start(() -> restart(server, options, err)));
        String ready = VERSION + " ready, listening on " + String.join(", ", bound);
        err.println(ready);
        log.info(ready);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopping: no new connections, waiting up to {}s for open ones", global.gracefulShutdownTimeout.toSeconds());
        server.stopGracefully();
        if (global.pidFile != null) {
            try {
                // only the file this server wrote, still naming it
                if (Files.isRegularFile(global.pidFile) && Files.readString(global.pidFile).equals(pid)) {
                    Files.delete(global.pidFile);
                }
            } catch (IOException e) {
                log.warn("cannot remove PidFile {}: {}", global.pidFile, e.toString());
            }
        }
        log.info("stopped");
        return 0;
    }

    /** {@code -k stop}: signals the server whose pid is in the PidFile. */
    private static int signal(String command, Generation generation, PrintStream err) {
        Path pidFile = generation.global().pidFile;
        if (pidFile == null || !Files.isRegularFile(pidFile)) {
            err.println("sluice: no PidFile " + (pidFile == null ? "configured" : pidFile) + "; is the server running?");
            return 1;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            err.println("sluice: cannot read PidFile " + pidFile + ": " + e.getMessage());
            return 1;
        }
        var process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            err.println("sluice: no process " + pid + " (stale PidFile " + pidFile + ")");
            return 1;
        }
        if (command.equals("stop") || command.equals("graceful-stop")) {
            process.get().destroy();
            return 0;
        }
        try {
            return new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            err.println("sluice: cannot signal process " + pid + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
