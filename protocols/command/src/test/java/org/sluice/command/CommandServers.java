package org.sluice.command;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sluice.testing.TestServer;

/** Configurations and files for command server tests. */
final class CommandServers {

    static final String MOTD = "Have a lot of fun...\nand mind the sluice gates.\n";

    /** The usual {@code <Location command>}: a valid user from conf/basic-auth. */
    static final String LOGIN_REQUIRED = """
            AuthType Basic
            AuthName command
            AuthUserFile conf/basic-auth
            Require valid-user
            """;

    private CommandServers() {
    }

    /**
     * Starts a command host on a free port with {@code location} inside {@code <Location command>}
     * and {@code hostDirectives} in the virtual host. Wrong logins cost no time unless a test
     * says otherwise.
     */
    static TestServer start(Path root, String location, String hostDirectives, String... moduleClasses) throws Exception {
        int port = TestServer.freePort();
        StringBuilder modules = new StringBuilder("LoadModule command\n");
        for (String module : moduleClasses) {
            modules.append("LoadModule ").append(module).append('\n');
        }
        Path conf = root.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("motd"), MOTD);
        String config = modules + """
                GracefulShutdownTimeout 2
                Listen 127.0.0.1:%d command
                <VirtualHost 127.0.0.1:%d>
                    ServerName command.test
                    CommandMotd conf/motd
                    CommandLoginFailureDelay 0
                %s
                    <Location command>
                %s
                    </Location>
                </VirtualHost>
                """.formatted(port, port, hostDirectives, location);
        return TestServer.start(root, config);
    }

    static TestServer start(Path root) throws Exception {
        return start(root, LOGIN_REQUIRED, "");
    }

    /** The htpasswd tool, or the test is skipped. */
    static Path htpasswdTool() {
        Path tool = Path.of("/usr/bin/htpasswd");
        assumeThat(Files.isExecutable(tool)).as("htpasswd (apache2-utils) is installed").isTrue();
        return tool;
    }

    /** Adds {@code user} to conf/basic-auth with the real htpasswd, hashing with {@code format} (-B, -m, -s, -d). */
    static void addUser(Path root, String format, String user, String password) throws Exception {
        Path file = root.resolve("conf/basic-auth");
        Files.createDirectories(file.getParent());
        List<String> command = new ArrayList<>(List.of(htpasswdTool().toString(), "-b"));
        if (!Files.exists(file)) {
            command.add("-c");
        }
        command.addAll(List.of(format, file.toString(), user, password));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("htpasswd failed: " + new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }

    static void addUser(Path root, String user, String password) throws Exception {
        addUser(root, "-B", user, password);
    }
}
