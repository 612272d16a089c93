package org.sluice.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sluice.access.AccessDecision;
import org.sluice.access.AccessRequest;
import org.sluice.config.DirConfig;
import org.sluice.hook.Result;
import org.sluice.server.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mod_negotiation's {@code Options MultiViews}: a request for a file that does not exist, in a
 * directory where MultiViews applies, is served the best of the files named {@code <name>.*}
 * there (its <em>variants</em>) by the client's {@code Accept}, {@code Accept-Language},
 * {@code Accept-Charset} and {@code Accept-Encoding}, as httpd's own algorithm chooses
 * ({@link VariantChoice}).
 *
 * <pre>
 * Options +MultiViews              GET /about  Accept-Language: de
 * LanguagePriority en de           -&gt; about.html.de, Content-Location: about.html.de
 * </pre>
 *
 * <p>As in httpd a file is a variant when mod_mime knows each of its extensions past the
 * requested name (a type, language, charset or encoding: {@code about.html.en} for
 * {@code /about}, not {@code about.bak}), it is a regular file, and the request would be
 * allowed it (its {@code <Files>} sections). The chosen one is served by a fast redirect
 * ({@link RequestProcessor#indexRedirect}), with {@code Content-Location}, {@code Vary} and
 * {@code TCN}; none acceptable is 406 with the list of variants.
 *
 * <p>Only a missing file pays for this: the directory is read, to at most
 * {@value #MAX_ENTRIES} entries, when MultiViews applies and the file is not there.
 */
final class Negotiation {

    private static final Logger LOG = LoggerFactory.getLogger(Negotiation.class);

    /** The most directory entries read to find a request's variants: a huge directory is not read whole. */
    static final int MAX_ENTRIES = 10_000;
    /** The note that gives a negotiated response's ETag the variant list's validator (the directory's time). */
    static final String VARIANT_LIST_NOTE = "sluice-variant-list";
    /** The note with the HTML list of variants, for the 406 page. */
    static final String VARIANTS_NOTE = "variant-list";

    private Negotiation() {
    }

    /** type_checker, first: negotiates a missing file where MultiViews applies. */
    static Result multiViews(Request r) throws Exception {
        if (r.fileAttributes() != null || !r.fileAttributesKnown() || r.filename() == null || r.pathInfo() != null
                || r.leafName().isEmpty() || !r.config(HttpDirConfig.KEY).options()
                        .contains(HttpDirConfig.Option.MULTIVIEWS)) {
            return Result.DECLINED;
        }
        Path dir = r.filename().getParent();
        BasicFileAttributes dirAttributes = dir == null ? null : FileMapping.stat(dir);
        if (dirAttributes == null || !dirAttributes.isDirectory()) {
            return Result.DECLINED;
        }
        Variants found = variants(r, dir, r.leafName());
        if (found.variants().isEmpty()) {
            if (found.anyMatch()) {
                LOG.error("{}: Negotiation: discovered file(s) matching request: {} (None could be negotiated).", r,
                        r.filename());
                return Result.error(HttpStatus.NOT_FOUND);
            }
            return Result.DECLINED;
        }
        List<Variant> variants = found.variants();
        HttpDirConfig config = r.config(HttpDirConfig.KEY);
        // GET and HEAD are transparently negotiable, as httpd sees them (no Negotiate from the client)
        boolean transparent = r.method().equals("GET") || r.method().equals("HEAD");
        VariantChoice choice = VariantChoice.of(r.headersIn(), config.languagePriority(), config.forceLanguagePriority());
        Variant best = choice.best(variants);
        String vary = vary(variants, transparent);
        HttpHeaders.Builder out = r.errorHeadersOut();
        if (best == null) {
            out.set("Alternates", alternates(variants));
            if (vary != null) {
                mergeVary(out, vary);
            }
            if (transparent) {
                out.set("TCN", "list");
            }
            r.notes().put(VARIANTS_NOTE, variantList(variants));
            LOG.error("{}: no acceptable variant: {}", r, r.filename());
            return Result.error(HttpStatus.NOT_ACCEPTABLE);
        }
        if (transparent) {
            out.set("Content-Location", escapePathSegment(best.name()));
        }
        if (vary != null) {
            mergeVary(out, vary);
        }
        if (transparent) {
            out.set("TCN", "choice");
        }
        if (!r.standsForPrevious()) {
            // a DirectoryIndex's negotiation gives the index's own ETag, as httpd's
            r.notes().put(VARIANT_LIST_NOTE, hexMicros(dirAttributes.lastModifiedTime().toInstant()));
        }
        String path = r.path();
        Result result = RequestProcessor.indexRedirect(r, path.substring(0, path.lastIndexOf('/') + 1) + best.name());
        return result.isError() ? result : Result.DONE;
    }

    /**
     * Whether a DirectoryIndex {@code name} in {@code dir} may be negotiated: some file there is
     * named {@code name.*} (the redirect to it negotiates).
     */
    static boolean hasCandidates(Path dir, String name) throws IOException {
        String prefix = name + ".";
        int read = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (++read > MAX_ENTRIES) {
                    break;
                }
                if (entry.getFileName().toString().startsWith(prefix)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The variants found (sorted by name, as httpd sorts them), and whether any file name matched at all. */
    private record Variants(List<Variant> variants, boolean anyMatch) {
    }

    private static Variants variants(Request r, Path dir, String name) throws IOException {
        String prefix = name + ".";
        List<Variant> variants = new ArrayList<>();
        boolean anyMatch = false;
        VirtualHost host = r.virtualHost();
        DirConfig base = null;
        Map<String, String> types = host.config(HttpServerConfig.KEY).mimeTypes(host.server().serverRoot());
        String dirPath = r.path().substring(0, r.path().lastIndexOf('/') + 1);
        int read = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (++read > MAX_ENTRIES) {
                    LOG.warn("{}: more than {} entries in {}; the rest are not looked at for variants", r, MAX_ENTRIES,
                            dir);
                    break;
                }
                String fileName = entry.getFileName().toString();
                if (!fileName.startsWith(prefix)) {
                    continue;
                }
                BasicFileAttributes attributes = FileMapping.stat(entry);
                if (attributes != null && attributes.isDirectory()) {
                    continue;
                }
                anyMatch = true;
                if (attributes == null || !attributes.isRegularFile()) {
                    continue;
                }
                if (base == null) {
                    base = AccessFiles.walk(r, host.defaults(), entry, false);
                }
                DirConfig config = host.mergeSections(host.mergeSections(base, "Files", fileName), "Location",
                        dirPath + fileName);
                HttpDirConfig http = config.get(HttpDirConfig.KEY);
                if (!http.mime.knowsAllButBase(fileName, name, types) || !allowed(r, config, dirPath + fileName)) {
                    continue;
                }
                MimeMappings.Found found = http.mime.lookUp(fileName, types);
                String type = http.forceType != null && !http.forceType.isEmpty() ? http.forceType : found.type();
                if (type == null) {
                    continue;
                }
                variants.add(Variant.of(fileName, type, found.languages(), found.encoding(), attributes.size()));
            }
        }
        variants.sort(Comparator.comparing(Variant::sourceQuality).reversed().thenComparing(Variant::name));
        return new Variants(variants, anyMatch);
    }

    /** Whether the access control of a variant's configuration lets the client have it (httpd's sub-request). */
    private static boolean allowed(Request r, DirConfig config, String path) {
        AccessRequest question = new AccessRequest(r.clientAddress(),
                r.connection().localAddress().getAddress(), r.clientHost(),
                RequestProcessor.basicCredentials(r.headersIn().get("Authorization")), config, path, r.method(), r::env,
                r);
        return AccessCheckers.of(r.virtualHost().server()).check(question).outcome() == AccessDecision.Outcome.GRANTED;
    }

    /** The dimensions the variants differ in, as httpd's Vary names them; null when none (and not transparent). */
    private static String vary(List<Variant> variants, boolean transparent) {
        Variant sample = variants.get(0);
        boolean type = false;
        boolean language = false;
        boolean charset = false;
        boolean encoding = false;
        for (Variant v : variants) {
            type |= !v.type().equals(sample.type());
            charset |= !v.charset().equals(sample.charset());
            language |= !v.languageList().equals(sample.languageList());
            encoding |= !v.encodingOrEmpty().equals(sample.encodingOrEmpty());
        }
        StringBuilder out = new StringBuilder();
        if (transparent) {
            out.append(",negotiate");
        }
        if (type) {
            out.append(",accept");
        }
        if (language) {
            out.append(",accept-language");
        }
        if (charset) {
            out.append(",accept-charset");
        }
        if (encoding) {
            out.append(",accept-encoding");
        }
        return out.isEmpty() ? null : out.substring(1);
    }

    private static void mergeVary(HttpHeaders.Builder out, String vary) {
        String existing = out.get("Vary");
        out.set("Vary", existing == null ? vary : existing + "," + vary);
    }

    /** httpd's {@code Alternates} field of a list response. */
    private static String alternates(List<Variant> variants) {
        StringBuilder out = new StringBuilder();
        for (Variant v : variants) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append("{\"").append(escapePathSegment(v.name())).append("\" ").append(quality(v.sourceQuality()));
            if (!v.type().isEmpty()) {
                out.append(" {type ").append(v.type()).append('}');
            }
            if (!v.charset().isEmpty()) {
                out.append(" {charset ").append(v.charset()).append('}');
            }
            if (!v.languageList().isEmpty()) {
                out.append(" {language ").append(v.languageList()).append('}');
            }
            if (v.encoding() != null) {
                out.append(" {encoding ").append(v.encoding()).append('}');
            }
            out.append(" {length ").append(v.length()).append("}}");
        }
        return out.toString();
    }

    /** A quality as httpd writes it: three decimals, trailing zeros dropped ({@code 1}, {@code 0.5}). */
    private static String quality(float q) {
        String text = String.format(java.util.Locale.ROOT, "%1.3f", q);
        if (text.endsWith("000")) {
            return text.substring(0, text.length() - 4);
        }
        return text.endsWith("00") ? text.substring(0, text.length() - 2)
                : text.endsWith("0") ? text.substring(0, text.length() - 1) : text;
    }

    /** The HTML list of variants of httpd's 406 page. */
    private static String variantList(List<Variant> variants) {
        StringBuilder out = new StringBuilder("Available variants:\n<ul>\n");
        for (Variant v : variants) {
            out.append("<li><a href=\"").append(escapePathSegment(v.name())).append("\">")
                    .append(RequestProcessor.escape(v.name())).append("</a> ");
            if (!v.type().isEmpty()) {
                out.append(", type ").append(v.type());
            }
            if (!v.languageList().isEmpty()) {
                out.append(", language ").append(v.languageList());
            }
            if (!v.charset().isEmpty()) {
                out.append(", charset ").append(v.charset());
            }
            if (v.encoding() != null) {
                out.append(", encoding ").append(v.encoding());
            }
            out.append("</li>\n");
        }
        return out.append("</ul>\n").toString();
    }

    /** A file name as one segment of a URL path ({@code ap_escape_path_segment}). */
    static String escapePathSegment(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "$-_.+!*'(),:@&=~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static String hexMicros(Instant time) {
        return Long.toHexString(time.getEpochSecond() * 1_000_000L + time.getNano() / 1000);
    }

    /**
     * fixups: a coding named {@code x-gzip} by AddEncoding is sent as {@code gzip} to a client
     * that asked for {@code gzip}, and the other way round, as httpd's mod_negotiation does.
     */
    static Result fixEncoding(Request r) {
        String coding = r.contentEncoding();
        if (coding == null || coding.isEmpty()) {
            return Result.DECLINED;
        }
        String accepted = r.headersIn().get("Accept-Encoding");
        if (accepted == null) {
            return Result.DECLINED;
        }
        String plain = coding.startsWith("x-") ? coding.substring(2) : coding;
        String xForm = null;
        for (VariantChoice.Item item : VariantChoice.parse(accepted)) {
            if (item.name().equals(plain)) {
                r.contentEncoding(item.name());
                return Result.OK;
            }
            if (item.name().startsWith("x-") && item.name().substring(2).equals(plain)) {
                xForm = item.name();
            }
        }
        if (xForm != null) {
            r.contentEncoding(xForm);
            return Result.OK;
        }
        return Result.DECLINED;
    }
}
