package org.sluice.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.DataBucket;

/** A directory listing's bytes as they are made, passed on to the client in chunks of about 32 KiB. */
final class ListingPage {

    private static final int CHUNK = 32 * 1024;

    private final Request r;
    private byte[] bytes = new byte[4096];
    private int length;

    ListingPage(Request r) {
        this.r = r;
    }

    ListingPage add(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
                return addBytes(encoded, encoded.length);
            }
        }
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    ListingPage addBytes(byte[] data, int n) {
        ensure(n);
        System.arraycopy(data, 0, bytes, length, n);
        length += n;
        return this;
    }

    ListingPage spaces(int n) {
        ensure(Math.max(0, n));
        for (int i = 0; i < n; i++) {
            bytes[length++] = ' ';
        }
        return this;
    }

    /** A name HTML-escaped (&lt; &gt; &amp; &quot;), its other bytes as they are. */
    ListingPage addEscaped(byte[] name) {
        for (byte b : name) {
            switch (b) {
                case '<' -> add("&lt;");
                case '>' -> add("&gt;");
                case '&' -> add("&amp;");
                case '"' -> add("&quot;");
                default -> {
                    ensure(1);
                    bytes[length++] = b;
                }
            }
        }
        return this;
    }

    /** Text for a pre block: only &lt;, &gt; and &amp; escaped, as httpd does for a plain header. */
    void addEscapedText(byte[] data, int n) {
        for (int i = 0; i < n; i++) {
            byte b = data[i];
            switch (b) {
                case '<' -> add("&lt;");
                case '>' -> add("&gt;");
                case '&' -> add("&amp;");
                default -> {
                    ensure(1);
                    bytes[length++] = b;
                }
            }
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    void flushIfFull() throws IOException {
        if (length >= CHUNK) {
            Brigade body = new Brigade();
            body.addLast(DataBucket.copyOf(Arrays.copyOf(bytes, length)));
            length = 0;
            r.pass(body);
        }
    }

    void finish() throws IOException {
        Brigade body = new Brigade();
        if (length > 0) {
            body.addLast(DataBucket.copyOf(Arrays.copyOf(bytes, length)));
        }
        body.addEos();
        r.pass(body);
    }
}
