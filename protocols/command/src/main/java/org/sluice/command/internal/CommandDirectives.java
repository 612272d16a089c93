package org.sluice.command.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;

/** The command server's directives; each may appear in the main server or a {@code <VirtualHost>}. */
public final class CommandDirectives {

    private CommandDirectives() {
    }

    public static List<Directive> all() {
        return List.of(
                Directive.of("CommandMotd", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "the file the command server's motd command prints (relative to ServerRoot)",
                        call -> config(call).motd = call.resolve(call.arg(0))),
                Directive.of("CommandLoginAttempts", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "how many wrong logins the command server allows before Access Denied (a positive number)",
                        call -> config(call).loginAttempts = attempts(call)),
                Directive.of("CommandLoginFailureDelay", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "seconds the command server waits after a wrong login, e.g. 2 or 0.5",
                        call -> config(call).failureDelay = delay(call)));
    }

    private static CommandConfig config(DirectiveCall call) {
        return call.serverConfig(CommandConfig.KEY);
    }

    private static int attempts(DirectiveCall call) throws ConfigException {
        try {
            int n = Integer.parseInt(call.arg(0));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw call.error(call.name() + " takes a positive number of attempts, not '" + call.arg(0) + "'");
    }

    private static Duration delay(DirectiveCall call) throws ConfigException {
        try {
            BigDecimal seconds = new BigDecimal(call.arg(0));
            if (seconds.signum() >= 0 && seconds.compareTo(BigDecimal.valueOf(3600)) <= 0) {
                return Duration.ofMillis(seconds.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw call.error(call.name() + " takes a number of seconds from 0 to 3600, e.g. 2 or 0.5, not '"
                + call.arg(0) + "'");
    }
}
