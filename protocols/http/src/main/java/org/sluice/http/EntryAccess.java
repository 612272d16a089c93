package org.sluice.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.sluice.access.AccessChecker;
import org.sluice.access.AccessDecision;
import org.sluice.access.AccessRequest;
import org.sluice.config.DirConfig;
import org.sluice.server.VirtualHost;

/**
 * Whether a request for an entry would be served, as httpd's lookup of each entry decides:
 * the directory's own sections and access file, then the entry's {@code <Files>} sections (a
 * subdirectory's own sections and access file), its {@code <Location>} sections, and access
 * control. As in httpd, a {@code <DirectoryMatch>} that matches a file's name rather than its
 * directory does not hide the file. Entries with the same configuration share one decision.
 */
final class EntryAccess {

    /** Served; refused with 401 or 403 (listed under ShowForbidden); refused otherwise (never listed). */
    enum Outcome { ALLOWED, FORBIDDEN, REFUSED }

    private final Request r;
    private final VirtualHost host;
    private final DirConfig walked;
    private final AccessChecker checker;
    private final Map<DirConfig, Outcome> decided = new IdentityHashMap<>();
    private final boolean followSymlinks;
    private final boolean typed;
    private final String url;
    private DirConfig lastFileConfig;

    /** For the entries of {@code dir}, whose URL path is {@code url}. */
    EntryAccess(Request r, Path dir, String url) throws IOException {
        this.r = r;
        this.url = url.endsWith("/") ? url : url + "/";
        this.host = r.virtualHost();
        this.walked = AccessFiles.walk(r, host.defaults(), dir, true);
        this.checker = AccessCheckers.of(host.server());
        this.followSymlinks = r.config(HttpDirConfig.KEY).followSymlinks();
        AutoindexConfig config = r.config(AutoindexConfig.KEY);
        boolean byType = false;
        for (AutoindexConfig.Item item : config.icons) {
            byType |= item.match() != AutoindexConfig.Match.PATH;
        }
        for (AutoindexConfig.Item item : config.alts) {
            byType |= item.match() != AutoindexConfig.Match.PATH;
        }
        this.typed = byType;
    }

    /** Whether icons or alternate texts depend on a file's type or encoding. */
    boolean typed() {
        return typed;
    }

    Outcome check(Path path, String name, boolean directory) {
        if (!followSymlinks && Files.isSymbolicLink(path)) {
            return Outcome.REFUSED;
        }
        DirConfig config;
        String target = url + name + (directory ? "/" : "");
        try {
            config = directory ? AccessFiles.walk(r, host.defaults(), path, true)
                    : host.mergeSections(walked, "Files", name);
        } catch (IOException e) {
            // an access file in error, or one that cannot be read: the request would fail
            return Outcome.REFUSED;
        }
        config = host.mergeSections(config, "Location", target);
        // the listing's request stands for the entry's in the conditions
        config = IfSections.apply(r, config);
        if (!directory) {
            lastFileConfig = config;
        }
        Outcome known = decided.get(config);
        if (known != null) {
            return known;
        }
        AccessRequest question = new AccessRequest(r.clientAddress(),
                r.connection().localAddress().getAddress(), r.clientHost(),
                RequestProcessor.basicCredentials(r.headersIn().get("Authorization")), config, target, "GET",
                r::env, r);
        AccessDecision decision = checker.check(question);
        Outcome outcome = switch (decision.outcome()) {
            case GRANTED -> Outcome.ALLOWED;
            case DENIED, AUTH_REQUIRED -> Outcome.FORBIDDEN;
            default -> Outcome.REFUSED;
        };
        if (decided.size() < 1024) {
            decided.put(config, outcome);
        }
        return outcome;
    }

    /** The type and encoding of the file last checked, as its configuration and extensions give them. */
    MimeMappings.Found type(String name) {
        HttpDirConfig dir = (lastFileConfig != null ? lastFileConfig : walked).get(HttpDirConfig.KEY);
        Map<String, String> types = host.config(HttpServerConfig.KEY).mimeTypes(host.server().serverRoot());
        MimeMappings.Found found = dir.mime.isEmpty()
                ? new MimeMappings.Found(MimeMappings.typeOf(name, types), null, List.of(), null, List.of())
                : dir.mime.lookUp(name, types);
        String type = dir.forceType != null && !dir.forceType.isEmpty() ? dir.forceType : found.type();
        if (type != null && type.indexOf(';') >= 0) {
            type = type.substring(0, type.indexOf(';')).strip();
        }
        return new MimeMappings.Found(type, found.encoding(), found.languages(), found.handler(),
                found.outputFilters());
    }
}
