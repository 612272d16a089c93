package org.sluice.cgi;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.config.Scope;
import org.sluice.hook.Hooks;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.http.Aliases;
import org.sluice.http.ContentHandler;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * Apache's mod_cgi for the {@code http} module ({@code LoadModule cgi}): the {@code cgi-script}
 * handler, which runs the request's file as a program by RFC 3875 (the Common Gateway
 * Interface), and the directives that choose it.
 *
 * <pre>
 * LoadModule cgi
 * ScriptAlias /cgi-bin/ /usr/lib/cgi-bin/          # every file there is a script
 * &lt;Directory /srv/www/app&gt;
 *     Options +ExecCGI                             # scripts elsewhere need ExecCGI
 *     AddHandler cgi-script .cgi .pl
 * &lt;/Directory&gt;
 * </pre>
 *
 * It adds to the http module through that module's own extension points only: a
 * {@link ContentHandler.Registration}, aliases with a handler ({@link Aliases#addAlias}), a
 * server-stop hook, and the script's environment from
 * {@link org.sluice.http.CgiEnvironment}.
 */
public final class CgiModule implements Module {

    /** The handler name {@code SetHandler}, {@code AddHandler} and {@code ScriptAlias} give. */
    public static final String HANDLER = "cgi-script";
    /** The media type httpd runs as a script too ({@code AddType application/x-httpd-cgi .cgi}). */
    public static final String MAGIC_TYPE = "application/x-httpd-cgi";

    @Override
    public String name() {
        return "cgi";
    }

    /** httpd's mod_cgi, and mod_cgid, whose directives are the same, so both IfModule tests hold. */
    @Override
    public Set<String> provides() {
        return Set.of("cgi", "cgid");
    }

    @Override
    public void register(Registry registry) {
        registry.directive(Directive.of("ScriptAlias", ArgShape.TAKE2, Directive.SERVER_OR_VHOST,
                "a fakename and a realname",
                call -> Aliases.addAlias(call, call.arg(0), call.arg(1), HANDLER)));
        registry.directive(Directive.of("ScriptAliasMatch", ArgShape.TAKE2, Directive.SERVER_OR_VHOST,
                "a regular expression and a filename",
                call -> Aliases.addAliasMatch(call, call.arg(0), call.arg(1), HANDLER)));
        registry.directive(Directive.of("CGIScriptTimeout", ArgShape.TAKE1, Directive.ANYWHERE,
                "The amount of time to wait between successful reads from the CGI script, in seconds.",
                call -> call.dirConfig(CgiDirConfig.KEY).scriptTimeout = timeout(call)));
        registry.directive(Directive.withOverrides("CGIPassAuth", ArgShape.FLAG,
                EnumSet.of(Scope.SECTION, Scope.HTACCESS), EnumSet.of(OverrideClass.AUTH_CONFIG),
                "Controls whether HTTP authorization headers, normally hidden, will be passed to scripts",
                call -> call.dirConfig(CgiDirConfig.KEY).passAuth = call.flag()));
        CgiHandler handler = new CgiHandler();
        registry.extension(ContentHandler.Registration.class, new ContentHandler.Registration(HANDLER, handler));
        registry.extension(ContentHandler.Registration.class, new ContentHandler.Registration(MAGIC_TYPE, handler));
        registry.hook(Hooks.SERVER_STOP, server -> {
            ScriptProcess.killAll(server);
            return Result.OK;
        }, Order.MIDDLE);
    }

    private static final Pattern TIME = Pattern.compile("(\\d{1,9})(ms|s|mi|min|h)?");

    /** httpd's time parameter: a number of seconds, or with {@code ms}, {@code s}, {@code mi} or {@code h}. */
    private static Duration timeout(DirectiveCall call) throws ConfigException {
        Matcher m = TIME.matcher(call.arg(0).toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw call.error("CGIScriptTimeout: '" + call.arg(0) + "' is not a time (seconds, or a number and ms, s,"
                    + " mi or h)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "mi", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        return d.isZero() ? null : d;
    }
}
