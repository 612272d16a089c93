package org.sluice.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code IndexOptions ScanHTMLTitles}: the title of an HTML file, looked for in its first 8 KiB
 * as httpd looks (the text after {@code <title>} up to the next {@code <}, line breaks made
 * spaces). It goes into the listing as it is, as a description would.
 */
final class HtmlTitle {

    /** How much of a file is read: httpd's MAX_STRING_LEN less its terminator. */
    private static final int READ = 8191;
    private static final byte[] TITLE = "<title>".getBytes(StandardCharsets.US_ASCII);

    private HtmlTitle() {
    }

    /** The title of {@code file} of the type found, or null when it is no unencoded HTML or has none. */
    static String of(Path file, MimeMappings.Found type) {
        if (type.type() == null || type.encoding() != null) {
            return null;
        }
        String lower = type.type().toLowerCase(Locale.ROOT);
        if (!lower.equals("text/html") && !lower.equals("application/xhtml+xml")
                && !lower.equals("text/x-server-parsed-html")) {
            return null;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(READ);
        } catch (IOException e) {
            return null;
        }
        int length = 0;
        while (length < head.length && head[length] != 0) {
            length++;
        }
        int p = 0;
        for (int x = 0; x < length; x++) {
            int c = head[x];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != TITLE[p]) {
                // as httpd: a mismatch starts the search over from the next byte
                p = 0;
                continue;
            }
            if (++p < TITLE.length) {
                continue;
            }
            int start = x + 1;
            int end = start;
            while (end < length && head[end] != '<') {
                end++;
            }
            for (int y = start; y < end; y++) {
                if (head[y] == '\r' || head[y] == '\n') {
                    if (y == start) {
                        start++;
                    } else {
                        head[y] = ' ';
                    }
                }
            }
            return new String(head, start, end - start, StandardCharsets.UTF_8);
        }
        return null;
    }
}
