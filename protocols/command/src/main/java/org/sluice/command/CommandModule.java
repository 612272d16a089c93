package org.sluice.command;

import org.sluice.command.internal.CommandDirectives;
import org.sluice.command.internal.CommandHandler;
import org.sluice.module.Module;
import org.sluice.module.Registry;
import org.sluice.telnet.TelnetInputFilter;

/**
 * Module {@code command}: a telnet-style command server, the mod_perl command server of
 * Apache's documentation re-made. {@code ProtocolHandler command} (or {@code Listen 8085
 * command}) selects it; the {@code <Location command>} section decides who may use it:
 *
 * <pre>
 * Listen 8085 command
 * &lt;VirtualHost *:8085&gt;
 *     CommandMotd conf/motd
 *     &lt;Location command&gt;
 *         AuthType Basic
 *         AuthName command
 *         AuthUserFile conf/basic-auth
 *         &lt;RequireAll&gt;
 *             Require ip 127.0.0.1
 *             Require valid-user
 *         &lt;/RequireAll&gt;
 *     &lt;/Location&gt;
 * &lt;/VirtualHost&gt;
 * </pre>
 *
 * <p>It also registers the {@code telnet} input filter, which any protocol may use, and
 * collects the {@link Command}s other modules register with
 * {@code registry.extension(Command.class, ...)}.
 *
 * <p>Directives: {@code CommandMotd file}, {@code CommandLoginAttempts n} (default 3),
 * {@code CommandLoginFailureDelay seconds} (default 2, fractions allowed). A session that sends nothing for the host's {@code Timeout}
 * is closed.
 */
public final class CommandModule implements Module {

    @Override
    public String name() {
        return "command";
    }

    @Override
    public void register(Registry registry) {
        registry.protocol("command", new CommandHandler());
        registry.inputFilter(TelnetInputFilter.NAME, TelnetInputFilter.TYPE, TelnetInputFilter::new);
        CommandDirectives.all().forEach(registry::directive);
    }
}
