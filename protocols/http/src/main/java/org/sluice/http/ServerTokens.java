package org.sluice.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import org.sluice.server.ServerVersion;

/**
 * {@code ServerTokens}: how much the {@code Server} field, and the signature of error pages
 * and listings ({@code ServerSignature}), say about the server. As in httpd, {@code Full} is
 * the default; Sluice's operating system is the JVM's {@code os.name}, and where httpd's
 * {@code Full} adds its modules' tokens, Sluice's adds the Java runtime's.
 *
 * <pre>
 * Prod[uctOnly]  Sluice
 * Major          Sluice/0
 * Minor          Sluice/0.1
 * Min[imal]      Sluice/0.1.0
 * OS             Sluice/0.1.0 (Linux)
 * Full           Sluice/0.1.0 (Linux) Java/21.0.5
 * </pre>
 *
 * Each value's text, and its {@code Server} field line, are made once, when the class loads:
 * a response copies them.
 */
enum ServerTokens {
    PRODUCT_ONLY,
    MAJOR,
    MINOR,
    MINIMAL,
    OS,
    FULL;

    /** httpd's words for the directive's error. */
    static final String USAGE =
            "ServerTokens takes 1 argument: 'Prod(uctOnly)', 'Major', 'Minor', 'Min(imal)', 'OS', or 'Full'";

    /** Set once, below, when the class loads. */
    private String banner;
    private byte[] serverField;

    static {
        ServerVersion version = ServerVersion.current();
        for (ServerTokens tokens : values()) {
            tokens.banner = switch (tokens) {
                case PRODUCT_ONLY -> version.product();
                case MAJOR -> version.product() + "/" + version.major();
                case MINOR -> version.product() + "/" + version.minor();
                case MINIMAL -> version.toString();
                case OS -> version + " (" + operatingSystem() + ")";
                case FULL -> version + " (" + operatingSystem() + ") Java/" + javaVersion();
            };
            tokens.serverField = ("Server: " + tokens.banner + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** What the server calls itself: the {@code Server} field's value. */
    String banner() {
        return banner;
    }

    /** The whole {@code Server} field line, CRLF included. */
    byte[] serverField() {
        return serverField;
    }

    /** The value a {@code ServerTokens} word names, case-insensitively, or null. */
    static ServerTokens named(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "prod", "productonly" -> PRODUCT_ONLY;
            case "major" -> MAJOR;
            case "minor" -> MINOR;
            case "min", "minimal" -> MINIMAL;
            case "os" -> OS;
            case "full" -> FULL;
            default -> null;
        };
    }

    /** {@code os.name}, kept to what a comment in a field value may hold. */
    private static String operatingSystem() {
        String name = System.getProperty("os.name", "unknown");
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '(' && c != ')' && c != '\\' ? c : '_');
        }
        return out.toString().strip();
    }

    /** The runtime's version numbers ({@code 21.0.5}), without its build and qualifiers. */
    private static String javaVersion() {
        return Runtime.version().version().stream().map(String::valueOf).collect(Collectors.joining("."));
    }
}
