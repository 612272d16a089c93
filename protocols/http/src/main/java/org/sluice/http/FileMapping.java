package org.sluice.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.sluice.config.DirConfig;
import org.sluice.hook.Result;
import org.sluice.server.VirtualHost;

/**
 * The module's translate_name, map_to_storage and type_checker functions: {@code Redirect},
 * {@code Alias} and {@code DocumentRoot} map the path to a file confined to its root; the
 * file's {@code <Directory>} and {@code <Files>} sections make its configuration; extensions
 * and {@code ForceType}/{@code SetHandler} give its type and handler.
 */
final class FileMapping {

    /** Note naming the directory (real path) a request's file was confined to. */
    static final String ROOT_NOTE = "sluice.http.root";

    private FileMapping() {
    }

    /** translate_name, for {@code Redirect} and {@code Alias} (mod_alias). */
    static Result alias(Request r) {
        HttpServerConfig config = r.virtualHost().config(HttpServerConfig.KEY);
        String path = r.path();
        for (HttpServerConfig.Redirect redirect : config.redirects) {
            String rest = rest(path, redirect.urlPath());
            if (rest != null) {
                if (redirect.url() == null) {
                    return Result.error(redirect.status());
                }
                String target = redirect.url() + encodePath(rest);
                if (r.query() != null) {
                    target += "?" + r.query();
                }
                r.headersOut().set("Location", target);
                return Result.error(redirect.status());
            }
        }
        for (HttpServerConfig.Alias alias : config.aliases) {
            String rest = rest(path, alias.urlPath());
            if (rest != null) {
                return map(r, alias.target(), rest);
            }
        }
        return Result.DECLINED;
    }

    /** translate_name, last: the DocumentRoot. */
    static Result documentRoot(Request r) {
        HttpServerConfig config = r.virtualHost().config(HttpServerConfig.KEY);
        return map(r, config.documentRoot(r.virtualHost().server().serverRoot()), r.path());
    }

    /** The part of {@code path} after {@code prefix} when it matches at a segment boundary, else null. */
    private static String rest(String path, String prefix) {
        String p = prefix.endsWith("/") && prefix.length() > 1 ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (p.equals("/")) {
            return path;
        }
        if (path.equals(p)) {
            return "";
        }
        if (path.startsWith(p) && path.charAt(p.length()) == '/') {
            return path.substring(p.length());
        }
        return null;
    }

    private static String encodePath(String decoded) {
        StringBuilder out = new StringBuilder();
        for (byte b : decoded.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' && c != '"' && c != '<' && c != '>') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Maps {@code rest} (a normalised path: no dot segments) under {@code root}. The result is
     * checked to stay lexically inside the root whatever the path holds.
     */
    private static Result map(Request r, Path root, String rest) {
        Path base = root.toAbsolutePath().normalize();
        String relative = rest.startsWith("/") ? rest.substring(1) : rest;
        Path file = relative.isEmpty() ? base : base.resolve(relative).normalize();
        if (!file.startsWith(base)) {
            return Result.FORBIDDEN;
        }
        r.filename(file);
        r.notes().put(ROOT_NOTE, base.toString());
        return Result.OK;
    }

    /** map_to_storage: the sections for the file, then the Location sections over them. */
    static Result storage(Request r) throws IOException {
        VirtualHost host = r.virtualHost();
        DirConfig config = host.defaults();
        Path file = r.filename();
        if (file != null) {
            boolean directory = Files.isDirectory(file);
            Path dir = directory ? file : file.getParent();
            config = AccessFiles.walk(r, config, dir);
            if (!directory && file.getFileName() != null) {
                config = host.mergeSections(config, "Files", file.getFileName().toString());
            }
        }
        config = host.mergeSections(config, "Location", r.path());
        r.dirConfig(config);
        return file == null ? Result.OK : checkSymlinks(r, file);
    }

    /**
     * Without {@code FollowSymLinks} no symbolic link on the way from the root to the file is
     * followed: the file's real path must be where its path says.
     */
    private static Result checkSymlinks(Request r, Path file) throws IOException {
        HttpDirConfig dir = r.config(HttpDirConfig.KEY);
        if (dir.options().contains(HttpDirConfig.Option.FOLLOW_SYMLINKS)) {
            return Result.OK;
        }
        String rootText = r.notes().get(ROOT_NOTE);
        if (rootText == null || !Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            return Result.OK;
        }
        Path root = Path.of(rootText);
        Path realRoot = root.toRealPath();
        Path expected = realRoot.resolve(root.relativize(file).toString()).normalize();
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            // a dangling link
            return Result.FORBIDDEN;
        }
        return real.equals(expected) ? Result.OK : Result.FORBIDDEN;
    }

    /** type_checker: ForceType, AddType and TypesConfig; SetHandler and AddHandler. */
    static Result types(Request r) {
        HttpDirConfig dir = r.config(HttpDirConfig.KEY);
        Path file = r.filename();
        String name = file == null || file.getFileName() == null ? "" : file.getFileName().toString();
        if (dir.forceType != null && !dir.forceType.isEmpty()) {
            r.contentType(dir.forceType);
        } else if (r.contentType() == null && file != null && !Files.isDirectory(file)) {
            Path typesConfig = r.virtualHost().config(HttpServerConfig.KEY)
                    .typesConfig(r.virtualHost().server().serverRoot());
            String type = MimeTypes.typeOf(name, dir.addTypes, MimeTypes.of(typesConfig));
            if (type != null) {
                r.contentType(type);
            }
        }
        if (dir.setHandler != null && !dir.setHandler.isEmpty()) {
            r.handler(dir.setHandler);
        } else if (r.handler() == null) {
            r.handler(MimeTypes.handlerOf(name, dir.addHandlers));
        }
        return Result.OK;
    }
}
