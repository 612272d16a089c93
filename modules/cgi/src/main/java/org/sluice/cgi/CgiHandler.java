package org.sluice.cgi;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.connection.Blocking;
import org.sluice.hook.Result;
import org.sluice.http.Aliases;
import org.sluice.http.CgiEnvironment;
import org.sluice.http.ContentHandler;
import org.sluice.http.HttpStatus;
import org.sluice.http.Request;

/**
 * The {@code cgi-script} handler: checks that the request's file may run, starts it with the
 * request's {@link CgiEnvironment} in its own directory, and hands the rest to a
 * {@link ScriptExchange}. As in httpd, a script outside a {@code ScriptAlias} needs
 * {@code Options ExecCGI}, and one that cannot be started is a 500 with the reason in the error
 * log. Scripts whose names start with {@code nph-} are refused (403): Sluice frames every
 * response itself, so it cannot pass a script's own status line and framing through.
 */
final class CgiHandler implements ContentHandler {

    /** mod_cgi's messages go to the error log as the {@code cgi} module's ({@code [cgi:error]}). */
    static final Logger LOG = LoggerFactory.getLogger("org.sluice.cgi");

    @Override
    public Result handle(Request r) throws Exception {
        Path file = r.filename();
        if (file == null) {
            return Result.DECLINED;
        }
        if (!r.execCgi() && r.note(Aliases.FORCED_HANDLER_NOTE) == null) {
            LOG.error("{}: Options ExecCGI is off in this directory: {}", r, file);
            return Result.FORBIDDEN;
        }
        BasicFileAttributes attributes = r.fileAttributes();
        if (attributes == null) {
            LOG.error("{}: script not found or unable to stat: {}", r, file);
            return Result.error(HttpStatus.NOT_FOUND);
        }
        if (attributes.isDirectory()) {
            LOG.error("{}: attempt to invoke directory as script: {}", r, file);
            return Result.FORBIDDEN;
        }
        String name = file.getFileName().toString();
        if (name.startsWith("nph-")) {
            LOG.error("{}: nph- scripts are not supported (Sluice frames every response itself): {}", r, file);
            return Result.FORBIDDEN;
        }
        CgiDirConfig config = r.config(CgiDirConfig.KEY);
        Map<String, String> environment = CgiEnvironment.of(r, config.passAuth());
        ProcessBuilder program = new ProcessBuilder(file.toString());
        program.directory(file.getParent().toFile());
        program.environment().clear();
        program.environment().putAll(environment);
        Process process;
        try {
            // fork and exec hold the thread a moment: not on an event loop
            process = Blocking.call(program::start);
        } catch (IOException e) {
            LOG.error("{}: couldn't spawn child process: {}: {}", r, file, reason(e));
            return Result.SERVER_ERROR;
        }
        ScriptProcess script = ScriptProcess.of(process, r.virtualHost().server(), name,
                line -> LOG.error("{}: stderr from {}: {}", r, file, line));
        Duration timeout = config.scriptTimeout != null ? config.scriptTimeout : r.connection().timeout();
        try {
            return new ScriptExchange(r, script, file, timeout).run();
        } finally {
            script.close();
        }
    }

    /** Why a program did not start, with a hint for the two usual causes. */
    private static String reason(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("error=13")) {
            return message + " (is the file executable by the server's user?)";
        }
        if (message.contains("error=2,")) {
            return message + " (does the interpreter on its #! line exist?)";
        }
        return message;
    }
}
