package org.sluice.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Sluice's product name and version, as the build made it ({@code version.properties}, filled
 * in from the project's version): what {@code sluice -v} prints and what a protocol names
 * itself with ({@code Server: Sluice/0.1.0}). The version is the release number without a
 * qualifier: a snapshot of 0.1.0 says 0.1.0, as tools that read the server's version (the
 * Apache exporters parse mod_status's {@code ServerVersion} as a number) expect digits and dots.
 *
 * <pre>{@code
 * ServerVersion v = ServerVersion.current();
 * v.product();   // Sluice
 * v.minor();     // 0.1
 * v.toString();  // Sluice/0.1.0
 * }</pre>
 *
 * @param product the product token
 * @param number the release number ({@code 0.1.0})
 */
public record ServerVersion(String product, String number) {

    private static final ServerVersion CURRENT = new ServerVersion("Sluice", built());

    /** The version of the running code. */
    public static ServerVersion current() {
        return CURRENT;
    }

    /** The first component of the version ({@code 0} of {@code 0.1.0}), as httpd's {@code Major}. */
    public String major() {
        return components(1);
    }

    /** The first two components ({@code 0.1} of {@code 0.1.0}), as httpd's {@code Minor}. */
    public String minor() {
        return components(2);
    }

    /** {@code product/number}, as an HTTP product token. */
    @Override
    public String toString() {
        return product + "/" + number;
    }

    private String components(int count) {
        int end = -1;
        for (int i = 0; i < count; i++) {
            end = number.indexOf('.', end + 1);
            if (end < 0) {
                return number;
            }
        }
        return number.substring(0, end);
    }

    private static String built() {
        Properties properties = new Properties();
        try (InputStream in = ServerVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Sluice's version.properties", e);
        }
        String version = properties.getProperty("version", "");
        if (version.isEmpty() || version.startsWith("$")) {
            throw new IllegalStateException("Sluice's version.properties holds no version; was it built by Maven?");
        }
        int qualifier = version.indexOf('-');
        return qualifier < 0 ? version : version.substring(0, qualifier);
    }
}
