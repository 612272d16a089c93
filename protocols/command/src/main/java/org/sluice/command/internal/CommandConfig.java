package org.sluice.command.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.sluice.config.ServerConfigKey;

/**
 * The command server's per-host settings; a {@code <VirtualHost>} inherits what it does not
 * set from the main server.
 */
public final class CommandConfig {

    public static final ServerConfigKey<CommandConfig> KEY =
            ServerConfigKey.of("command", CommandConfig::new, CommandConfig::merge);

    static final int DEFAULT_LOGIN_ATTEMPTS = 3;
    static final Duration DEFAULT_FAILURE_DELAY = Duration.ofSeconds(2);

    Path motd;
    Integer loginAttempts;
    Duration failureDelay;

    /** {@code CommandMotd}: the file {@code motd} prints. */
    public Optional<Path> motd() {
        return Optional.ofNullable(motd);
    }

    /** {@code CommandLoginAttempts}: wrong logins before {@code Access Denied}. */
    public int loginAttempts() {
        return loginAttempts == null ? DEFAULT_LOGIN_ATTEMPTS : loginAttempts;
    }

    /** {@code CommandLoginFailureDelay}: the pause after a wrong login, against password guessing. */
    public Duration failureDelay() {
        return failureDelay == null ? DEFAULT_FAILURE_DELAY : failureDelay;
    }

    private static CommandConfig merge(CommandConfig base, CommandConfig host) {
        CommandConfig merged = new CommandConfig();
        merged.motd = host.motd != null ? host.motd : base.motd;
        merged.loginAttempts = host.loginAttempts != null ? host.loginAttempts : base.loginAttempts;
        merged.failureDelay = host.failureDelay != null ? host.failureDelay : base.failureDelay;
        return merged;
    }
}
